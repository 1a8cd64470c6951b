using System.Security.Cryptography;
using System.Text;
using Slipway.Engine;

namespace Slipway.Delivery.Edge;

/// <summary>A file of the edge (server state, maintenance map) on this machine's file system, for an edge running as a host process.</summary>
/// <remarks>
/// The folder is the edge's volume, writable by the edge container's user, while the deploy writing here runs as
/// root: anything in it may have been planted by a compromised HAProxy. So nothing here follows a link: the new
/// content goes to a fresh file created exclusively (<c>O_CREAT|O_EXCL</c>, which fails on any existing name,
/// a symbolic link included) under a random name, and is renamed over the target — a rename replaces a link, it never
/// writes through it. A target that is a link is refused outright: someone planted it.
/// </remarks>
internal sealed class LocalEdgeFileStore(string path) : IEdgeFileStore
{
    public string Description => path;

    public async Task SaveAsync(string content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        RefuseLink();
        var directory = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        // Random, so a link planted in advance at a predictable temporary name has nothing to catch.
        var temporary = Path.Combine(directory ?? string.Empty, $".{Path.GetFileName(path)}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}.tmp");
        try
        {
            await using (var stream = new FileStream(temporary, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None }))
            {
                var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(content);
                await stream.WriteAsync(bytes, cancellationToken);
            }

            // Checked again just before the rename: a link planted meanwhile is still reported, not silently replaced.
            RefuseLink();

            // Within one directory a rename is atomic: HAProxy never reads half a file.
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    public async Task<string?> LoadAsync(CancellationToken cancellationToken = default)
    {
        RefuseLink();
        return File.Exists(path) ? await File.ReadAllTextAsync(path, cancellationToken) : null;
    }

    private void RefuseLink()
    {
        var file = new FileInfo(path);
        if (file.LinkTarget is { } target)
        {
            throw new BuildFailedException(
                $"The edge's server-state file {path} is a symbolic link (to {target}). Slipway never writes or reads through a link in the edge's volume: " +
                "the edge container's user can write there, so the link was planted — check the edge container for compromise, remove the link, and run again.");
        }
    }
}
