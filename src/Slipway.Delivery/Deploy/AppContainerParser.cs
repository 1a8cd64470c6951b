using System.Globalization;
using System.Text.Json;

namespace Slipway.Delivery.Deploy;

/// <summary>Reads <c>docker container inspect</c>'s JSON array into <see cref="AppContainer"/>s (pure; tested on captured output).</summary>
internal static class AppContainerParser
{
    /// <summary>The app containers among the inspected ones; containers without Slipway's labels are ignored.</summary>
    public static IReadOnlyList<AppContainer> Parse(string inspectJson)
    {
        ArgumentNullException.ThrowIfNull(inspectJson);
        if (string.IsNullOrWhiteSpace(inspectJson))
        {
            return [];
        }

        using var document = JsonDocument.Parse(inspectJson);
        var containers = new List<AppContainer>();
        foreach (var element in document.RootElement.EnumerateArray())
        {
            var labels = element.TryGetProperty("Config", out var config) && config.TryGetProperty("Labels", out var l) && l.ValueKind == JsonValueKind.Object
                ? l.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty, StringComparer.Ordinal)
                : [];
            string? Label(string name) => labels.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
            if (Label(DeployLabels.Role) != DeployLabels.AppRole
                || Label(DeployLabels.Environment) is not { } environment
                || Label(DeployLabels.Digest) is not { } digest
                || !int.TryParse(Label(DeployLabels.Port), NumberStyles.None, CultureInfo.InvariantCulture, out var port))
            {
                continue;
            }

            var state = element.TryGetProperty("State", out var s) ? s : default;
            var created = element.TryGetProperty("Created", out var c) && DateTimeOffset.TryParse(c.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when)
                ? when
                : DateTimeOffset.UnixEpoch;
            containers.Add(new AppContainer
            {
                Name = (element.GetProperty("Name").GetString() ?? string.Empty).TrimStart('/'),
                Id = element.GetProperty("Id").GetString() ?? string.Empty,
                Environment = environment,
                Version = Label(DeployLabels.Version) ?? "unknown",
                Digest = digest,
                Image = Label(DeployLabels.Image) ?? digest,
                Commit = Label(DeployLabels.Commit),
                Port = port,
                DeployId = Label(DeployLabels.DeployId),
                DeployedAt = DateTimeOffset.TryParse(Label(DeployLabels.DeployedAt), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var deployed)
                    ? deployed
                    : created,
                State = state.ValueKind == JsonValueKind.Object && state.TryGetProperty("Status", out var status) ? status.GetString() ?? "unknown" : "unknown",
                ExitCode = state.ValueKind == JsonValueKind.Object && state.TryGetProperty("ExitCode", out var exit) && exit.TryGetInt32(out var code) ? code : 0,
            });
        }

        return [.. containers.OrderByDescending(c => c.DeployedAt)];
    }
}
