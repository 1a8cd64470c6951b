using Slipway.Delivery.Docker;

namespace Slipway.Delivery.Edge;

/// <summary>A file of the edge (server state, maintenance map) inside its container's volume, written and read through <c>docker exec</c>.</summary>
internal sealed class DockerExecEdgeFileStore(DockerEngine engine, EdgeContainerCommands container, string path) : IEdgeFileStore
{
    public string Description => $"{container.ContainerName}:{path}";

    public async Task SaveAsync(string content, CancellationToken cancellationToken = default) =>
        await engine.RunAsync(container.WriteFile(path, content), cancellationToken);

    public async Task<string?> LoadAsync(CancellationToken cancellationToken = default)
    {
        var result = await engine.RunAsync(container.ReadFile(path), cancellationToken);
        return result.StandardOutput.Length == 0 ? null : result.StandardOutput;
    }
}
