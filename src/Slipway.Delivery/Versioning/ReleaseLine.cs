using System.Globalization;
using System.Text.RegularExpressions;
using NuGet.Versioning;

namespace Slipway.Delivery.Versioning;

/// <summary>
/// A line of releases — 1.3 is every 1.3.x — and the hotfix branch that patches it (<c>hotfix/1.3</c>,
/// <c>hotfix/1.3.x</c>, <c>hotfix-1.3.2</c>): what lets 1.3.1 be released while 1.4.0 exists, and keeps it from
/// becoming the latest release.
/// </summary>
internal sealed partial record ReleaseLine(int Major, int Minor)
{
    /// <summary>The line a hotfix branch names at the start of what follows <c>hotfix/</c>, or null when it names none.</summary>
    public static ReleaseLine? FromHotfixBranch(string branchName)
    {
        ArgumentNullException.ThrowIfNull(branchName);
        var match = HotfixBranchLine().Match(branchName);
        return match.Success
            ? new ReleaseLine(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture))
            : null;
    }

    public bool Contains(SemanticVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return version.Major == Major && version.Minor == Minor;
    }

    /// <summary>
    /// Whether <paramref name="version"/> becomes the repository's latest release (GitHub's "latest", the image's
    /// <c>latest</c> tag): a stable version no stable release outranks.
    /// </summary>
    public static bool IsNewest(SemanticVersion version, IEnumerable<VersionTag> releases)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(releases);
        return !version.IsPrerelease && releases.Where(t => !t.IsPreRelease).All(t => StrictSemVer.Compare(t.Version, version) <= 0);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}");

    [GeneratedRegex(@"^hotfix(?:es)?[/-]v?(\d+)\.(\d+)(?![\d])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HotfixBranchLine();
}
