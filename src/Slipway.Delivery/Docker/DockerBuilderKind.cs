namespace Slipway.Delivery.Docker;

/// <summary>Which BuildKit front door a Docker client offers.</summary>
internal enum DockerBuilderKind
{
    /// <summary><c>docker buildx build</c>: multi-platform, cache export, push from the build.</summary>
    Buildx,

    /// <summary><c>DOCKER_BUILDKIT=1 docker build</c> on clients before Docker 23 without the buildx plugin.</summary>
    ClassicBuildKit,
}
