using Slipway.Delivery.Docker;

namespace Slipway.Delivery.Tests.Docker;

/// <summary>Docker primitives for command-line tests: nothing is probed or run.</summary>
internal static class TestDocker
{
    /// <param name="endpoint">An engine address or context name; null is the CLI's default engine.</param>
    /// <param name="executable">The CLI as the command lines show it.</param>
    public static DockerCli Cli(string? endpoint = null, string executable = "docker") =>
        new(new DockerClient(executable, new Version(28, 2, 2), DockerBuilderKind.Buildx), DockerEndpoint.Parse(endpoint));
}
