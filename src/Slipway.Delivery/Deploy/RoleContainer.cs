using System.Text.Json;

namespace Slipway.Delivery.Deploy;

/// <summary>One container of a role (<see cref="DeployRole"/>) as the host shows it, read from its labels.</summary>
internal sealed record RoleContainer
{
    public required string Name { get; init; }

    public required string Role { get; init; }

    public required string Version { get; init; }

    public required string Digest { get; init; }

    /// <summary>Docker's state: <c>running</c>, <c>exited</c>, <c>restarting</c>, <c>created</c>.</summary>
    public required string State { get; init; }

    public bool IsRunning => State is "running" or "restarting";

    /// <summary>
    /// The role containers of an environment among <c>docker container inspect</c>'s lines in
    /// <see cref="AppContainerParser.InspectFormat"/> (pure): those whose <c>slipway.role</c> is <paramref name="role"/>.
    /// </summary>
    public static IReadOnlyList<RoleContainer> Parse(string inspectOutput, string environment, string role)
    {
        ArgumentNullException.ThrowIfNull(inspectOutput);
        var containers = new List<RoleContainer>();
        foreach (var line in inspectOutput.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith('{')))
        {
            using var document = JsonDocument.Parse(line);
            var element = document.RootElement;
            if (!element.TryGetProperty("Config", out var config) || !config.TryGetProperty("Labels", out var labels) || labels.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            string? Label(string name) => labels.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            if (Label(DeployLabels.Role) != role || Label(DeployLabels.Environment) != environment || Label(DeployLabels.Digest) is not { } digest)
            {
                continue;
            }

            containers.Add(new RoleContainer
            {
                Name = (element.GetProperty(nameof(Name)).GetString() ?? string.Empty).TrimStart('/'),
                Role = role,
                Version = Label(DeployLabels.Version) ?? "unknown",
                Digest = digest,
                State = element.TryGetProperty(nameof(State), out var state) && state.TryGetProperty("Status", out var status) ? status.GetString() ?? "unknown" : "unknown",
            });
        }

        return containers;
    }
}
