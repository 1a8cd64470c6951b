using NuGet.Versioning;
using Slipway.Delivery.Git;

namespace Slipway.Delivery.Versioning;

/// <summary>A release tag (<c>prod/v1.4.0</c>) understood as a version and the commit it marks.</summary>
internal sealed record VersionTag(string Name, SemanticVersion Version, string CommitSha)
{
    public bool IsPreRelease => Version.IsPrerelease;

    /// <summary>Reads a tag named <c>&lt;prefix&gt;&lt;strict SemVer&gt;</c>; anything else is not a release tag.</summary>
    public static bool TryCreate(GitTagRef tag, string prefix, out VersionTag? versionTag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        ArgumentNullException.ThrowIfNull(prefix);
        versionTag = null;
        if (!tag.Name.StartsWith(prefix, StringComparison.Ordinal)
            || !StrictSemVer.TryParse(tag.Name[prefix.Length..], out var version, out _))
        {
            return false;
        }

        versionTag = new VersionTag(tag.Name, version, tag.CommitSha);
        return true;
    }

    /// <summary>The highest version among the tags (SemVer precedence), or null when there are none.</summary>
    public static VersionTag? Highest(IEnumerable<VersionTag> tags)
    {
        VersionTag? best = null;
        foreach (var tag in tags)
        {
            if (best is null || StrictSemVer.Compare(tag.Version, best.Version) > 0)
            {
                best = tag;
            }
        }

        return best;
    }
}
