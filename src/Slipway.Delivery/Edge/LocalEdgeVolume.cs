using System.Globalization;

namespace Slipway.Delivery.Edge;

/// <summary>
/// The edge's state volume as a directory of this machine, and the user the edge runs as (its main process's ids as
/// this machine sees them, so also under a user-namespace remap): what lets a deploy run the host-state scripts in a
/// local shell, as that user, instead of a <c>docker exec</c> into the edge — the same scripts, the same files and the
/// same clock, without a process in the container per command (0.25 s each here, more under load).
/// </summary>
internal sealed record LocalEdgeVolume(string Directory, int Uid, int Gid)
{
    /// <summary>The volume of an edge whose main process is <paramref name="pid"/>; null when its ids cannot be read.</summary>
    public static LocalEdgeVolume? Of(string directory, int pid)
    {
        try
        {
            return ParseStatus(File.ReadAllText($"/proc/{pid}/status")) is var (uid, gid) ? new LocalEdgeVolume(directory, uid, gid) : null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The effective user and group of a <c>/proc/&lt;pid&gt;/status</c>; null when they are not there.</summary>
    public static (int Uid, int Gid)? ParseStatus(string status)
    {
        ArgumentNullException.ThrowIfNull(status);
        int? Effective(string field) =>
            status.Split('\n').FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal)) is { } line
            && line[(field.Length + 1)..].Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries) is { Length: >= 2 } ids
            && int.TryParse(ids[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
        return Effective("Uid") is { } uid && Effective("Gid") is { } gid ? (uid, gid) : null;
    }
}
