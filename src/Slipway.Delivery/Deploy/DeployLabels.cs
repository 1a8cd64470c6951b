namespace Slipway.Delivery.Deploy;

/// <summary>
/// Labels on every app container a deploy starts. They make the host's state re-derivable from Docker alone: which
/// environment and version a container runs, by which digest, on which loopback port (the port links it to the edge
/// slot — blue or green — that points at it), and when it was deployed.
/// </summary>
internal static class DeployLabels
{
    /// <summary>The labels that name a running version, as its own container carries them (without port and replica): what a further replica of it gets.</summary>
    public static IReadOnlyDictionary<string, string> Of(AppContainer container)
    {
        ArgumentNullException.ThrowIfNull(container);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Role] = AppRole,
            [Environment] = container.Environment,
            [Version] = container.Version,
            [Digest] = container.Digest,
            [Image] = container.Image,
            [DeployedAt] = container.DeployedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        };
        if (container.DeployId is not null)
        {
            labels[DeployId] = container.DeployId;
        }

        if (container.Commit is not null)
        {
            labels[Commit] = container.Commit;
        }

        return labels;
    }

    public const string Role = "slipway.role";

    public const string AppRole = "app";

    public const string Environment = "slipway.environment";

    public const string Version = "slipway.version";

    public const string Digest = "slipway.digest";

    public const string Image = "slipway.image";

    public const string Commit = "slipway.commit";

    public const string Port = "slipway.port";

    public const string DeployId = "slipway.deploy-id";

    public const string DeployedAt = "slipway.deployed-at";

    /// <summary>Which replica of its version a container is (2, 3, ...); absent on replica 1, the version's own container.</summary>
    public const string Replica = "slipway.replica";

    /// <summary>On a further replica: the name of its version's own container, which it starts, stops and is pruned with.</summary>
    public const string ReplicaOf = "slipway.replica-of";
}
