using System.Globalization;
using System.Text.Json;

namespace Slipway.Delivery.Deploy;

/// <summary>
/// Reads <c>docker container inspect</c>'s output into <see cref="AppContainer"/>s (pure; tested on captured output):
/// the lines <see cref="InspectFormat"/> prints, one JSON object per container, or inspect's full JSON array.
/// </summary>
internal static class AppContainerParser
{
    /// <summary>
    /// The Go template the deploy inspects with: one JSON object per container holding only what the deploy reads —
    /// name, id, creation time, labels (version, digest, port, deploy id) and state. Never the full inspect: its
    /// <c>Config.Env</c> holds every app variable's value (connection strings) of every environment on the host, and
    /// query output is logged at verbose level.
    /// </summary>
    public const string InspectFormat =
        "{\"Id\":{{json .Id}},\"Name\":{{json .Name}},\"Created\":{{json .Created}},\"Config\":{\"Labels\":{{json .Config.Labels}}}," +
        "\"State\":{\"Status\":{{json .State.Status}},\"ExitCode\":{{json .State.ExitCode}}}}";

    /// <summary>The app containers among the inspected ones; containers without Slipway's labels are ignored.</summary>
    public static IReadOnlyList<AppContainer> Parse(string inspectOutput)
    {
        ArgumentNullException.ThrowIfNull(inspectOutput);
        var containers = new List<AppContainer>();
        foreach (var element in Elements(inspectOutput))
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
                Replica = int.TryParse(Label(DeployLabels.Replica), NumberStyles.None, CultureInfo.InvariantCulture, out var replica) && replica > 1 ? replica : 1,
                ReplicaOf = Label(DeployLabels.ReplicaOf),
                ExitCode = state.ValueKind == JsonValueKind.Object && state.TryGetProperty("ExitCode", out var exit) && exit.TryGetInt32(out var code) ? code : 0,
            });
        }

        return [.. containers.OrderByDescending(c => c.DeployedAt)];
    }

    private static List<JsonElement> Elements(string output)
    {
        var text = output.Trim();
        if (text.Length == 0)
        {
            return [];
        }

        if (text[0] == '[')
        {
            using var array = JsonDocument.Parse(text);
            return [.. array.RootElement.EnumerateArray().Select(e => e.Clone())];
        }

        var elements = new List<JsonElement>();
        foreach (var line in text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0))
        {
            using var document = JsonDocument.Parse(line);
            elements.Add(document.RootElement.Clone());
        }

        return elements;
    }
}
