using Slipway.Delivery.Docker;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Edge;

/// <summary>
/// The runtime API of an edge container, reached with <c>docker exec ... socat</c>: the socket never leaves the
/// container, and the same path works for a remote <c>ssh://</c> Docker host.
/// </summary>
internal sealed class DockerExecRuntimeTransport(DockerEngine engine, EdgeContainerCommands container, string socketPath) : IEdgeRuntimeTransport
{
    public string Description => $"docker exec {container.ContainerName} socat {socketPath}";

    public async Task<string> SendAsync(string commandLine, CancellationToken cancellationToken = default)
    {
        var result = await engine.TryRunAsync(container.RuntimeApi(socketPath, commandLine), cancellationToken);
        if (!result.Succeeded)
        {
            throw new EdgeRuntimeApiException(
                commandLine,
                $"Cannot reach the edge's runtime API ({Description}): exit code {result.ExitCode}. {result.StandardError.Trim()}",
                new ToolException(result));
        }

        return result.StandardOutput;
    }
}
