using System.Text;

namespace Slipway.Delivery.Edge;

/// <summary>The server-state file on this machine's file system, for an edge running as a host process.</summary>
internal sealed class LocalServerStateStore(string path) : IServerStateStore
{
    public string Description => path;

    public async Task SaveAsync(string content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var directory = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        // Write beside the file, then rename over it: a rename within a directory is atomic.
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }

    public async Task<string?> LoadAsync(CancellationToken cancellationToken = default) =>
        File.Exists(path) ? await File.ReadAllTextAsync(path, cancellationToken) : null;
}
