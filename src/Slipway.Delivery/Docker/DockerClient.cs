namespace Slipway.Delivery.Docker;

/// <summary>A Docker CLI found on this machine and what it can build with.</summary>
internal sealed record DockerClient(string Executable, Version ClientVersion, DockerBuilderKind Builder)
{
    public bool HasBuildx => Builder == DockerBuilderKind.Buildx;
}
