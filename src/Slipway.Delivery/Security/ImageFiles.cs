using Slipway.Delivery.Docker;

namespace Slipway.Delivery.Security;

/// <summary>
/// Reads files out of an image without running it (the runtime image has no shell to run a <c>cat</c> with): a
/// container is created, never started, the files are copied out with <c>docker cp -L</c>, and it is removed.
/// </summary>
internal sealed class ImageFiles(DockerEngine engine)
{
    /// <summary>Each path's text, or null for a path the image does not have (a distroless image has no dpkg status).</summary>
    public async Task<IReadOnlyDictionary<string, string?>> ReadAsync(string image, IReadOnlyList<string> paths, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var container = "slipway-files-" + Guid.NewGuid().ToString("N")[..12];
        var folder = Directory.CreateTempSubdirectory("slipway-image-files-");
        try
        {
            await engine.RunAsync(engine.Cli.Command("create", "--name", container, image), cancellationToken);
            var files = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var (path, index) in paths.Select((p, i) => (p, i)))
            {
                var local = Path.Combine(folder.FullName, index.ToString(System.Globalization.CultureInfo.InvariantCulture));
                var copied = await engine.TryRunAsync(engine.Cli.Command("cp", "-L", $"{container}:{path}", local) with { LogOutput = false }, cancellationToken);
                files[path] = copied.Succeeded && File.Exists(local) ? await File.ReadAllTextAsync(local, cancellationToken) : null;
            }

            return files;
        }
        finally
        {
            await engine.TryRunAsync(engine.Cli.RemoveContainers(container), CancellationToken.None);
            folder.Delete(recursive: true);
        }
    }
}
