namespace Slipway.Delivery.Deploy;

/// <summary>What <see cref="DeployCommands.RunRole"/> needs to start one container of a role (<see cref="DeployRole"/>).</summary>
internal sealed record RoleRunSpec
{
    public required string Name { get; init; }

    /// <summary>By digest, as the web role's containers: <c>registry/repository@sha256:…</c>.</summary>
    public required string Image { get; init; }

    public required DeployRole Role { get; init; }

    public required IReadOnlyDictionary<string, string> Labels { get; init; }

    /// <summary>
    /// The containers a version's role runs: <c>slipway-staging-worker-1.4.0-0123456789ab-1</c>, labelled like the app's
    /// containers (environment, version, digest, deploy id) with the role's name as <c>slipway.role</c>, so the app's
    /// queries (role <c>app</c>) never see them and they never join the edge.
    /// </summary>
    public static IReadOnlyList<RoleRunSpec> For(string environment, DeployRole role, string version, string digest, string image, string? deployId)
    {
        ArgumentNullException.ThrowIfNull(role);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [DeployLabels.Role] = role.Name,
            [DeployLabels.Environment] = environment,
            [DeployLabels.Version] = version,
            [DeployLabels.Digest] = digest,
            [DeployLabels.Image] = image,
        };
        if (deployId is not null)
        {
            labels[DeployLabels.DeployId] = deployId;
        }

        return [.. Enumerable.Range(1, role.Replicas).Select(n => new RoleRunSpec
        {
            Name = ContainerName(environment, role.Name, version, digest, n),
            Image = image,
            Role = role,
            Labels = labels,
        })];
    }

    /// <summary>The name of one container of a version's role; the version's app container name with the role and replica.</summary>
    public static string ContainerName(string environment, string role, string version, string digest, int replica) =>
        DeployNames.AppContainer(environment, version, digest).Replace($"slipway-{environment}-", $"slipway-{environment}-{role}-", StringComparison.Ordinal) +
        "-" + replica.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
