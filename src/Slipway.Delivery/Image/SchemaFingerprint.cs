using System.Security.Cryptography;
using System.Text;

namespace Slipway.Delivery.Image;

/// <summary>
/// A stable hash of the service's migration sources, stamped on the image as <c>org.slipway.schema</c>: two images with
/// the same migrations have the same fingerprint, whatever else changed, so a deploy can tell that the database already
/// has the schema the new version needs. Files are hashed with their paths relative to the repository root (ordinal
/// order, <c>/</c> separators) and line endings normalised, so a Windows checkout gives the same fingerprint as Linux.
/// </summary>
internal static class SchemaFingerprint
{
    public const string Prefix = "sha256:";

    /// <summary>
    /// <c>sha256:&lt;64 hex&gt;</c> over every file under <paramref name="sources"/> (folders or single files); null when
    /// none is declared or none of them exists — then the image gets no label and every deploy migrates.
    /// </summary>
    public static string? Compute(string repositoryRoot, IEnumerable<string> sources)
    {
        ArgumentNullException.ThrowIfNull(repositoryRoot);
        ArgumentNullException.ThrowIfNull(sources);
        var files = sources
            .Select(s => Path.GetFullPath(s, repositoryRoot))
            .SelectMany(s => Directory.Exists(s) ? Directory.EnumerateFiles(s, "*", SearchOption.AllDirectories) : File.Exists(s) ? [s] : [])
            .Select(f => (Path: Path.GetRelativePath(repositoryRoot, f).Replace('\\', '/'), Full: f))
            .DistinctBy(f => f.Path, StringComparer.Ordinal)
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            return null;
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (path, full) in files)
        {
            var content = File.ReadAllBytes(full);
            var normalised = NormaliseLineEndings(content);
            hash.AppendData(Encoding.UTF8.GetBytes($"{path}\0{normalised.Length}\0"));
            hash.AppendData(normalised);
        }

        return Prefix + Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static byte[] NormaliseLineEndings(byte[] content)
    {
        var result = new List<byte>(content.Length);
        for (var i = 0; i < content.Length; i++)
        {
            if (content[i] == '\r' && i + 1 < content.Length && content[i + 1] == '\n')
            {
                continue;
            }

            result.Add(content[i]);
        }

        return [.. result];
    }
}
