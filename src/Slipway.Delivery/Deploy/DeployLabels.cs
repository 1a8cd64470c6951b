namespace Slipway.Delivery.Deploy;

/// <summary>
/// Labels on every app container a deploy starts. They make the host's state re-derivable from Docker alone: which
/// environment and version a container runs, by which digest, on which loopback port (the port links it to the edge
/// slot — blue or green — that points at it), and when it was deployed.
/// </summary>
internal static class DeployLabels
{
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
}
