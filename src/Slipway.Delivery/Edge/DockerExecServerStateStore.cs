using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Edge;

/// <summary>The server-state file inside an edge container's volume, written and read through <c>docker exec</c>.</summary>
internal sealed class DockerExecServerStateStore(EdgeContainerCommands container, string path) : IServerStateStore
{
    public string Description => $"{container.ContainerName}:{path}";

    public async Task SaveAsync(string content, CancellationToken cancellationToken = default) =>
        (await ToolRunner.RunAsync(container.WriteFile(path, content), cancellationToken)).EnsureSuccess();

    public async Task<string?> LoadAsync(CancellationToken cancellationToken = default)
    {
        var result = (await ToolRunner.RunAsync(container.ReadFile(path), cancellationToken)).EnsureSuccess();
        return result.StandardOutput.Length == 0 ? null : result.StandardOutput;
    }
}
