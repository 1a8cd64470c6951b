using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using NuGet.Versioning;
using Serilog;
using Slipway.Delivery.Git;

namespace Slipway.Delivery.Versioning;

/// <summary>
/// The versioning rules (GitVersion's, in its continuous-deployment flavour), as a pure function of facts read from git.
/// Stands in for GitVersion.Tool, which the feed does not serve. The rules, in order:
/// <list type="number">
/// <item>HEAD carries a release tag → exactly that version.</item>
/// <item>Otherwise the next version after the highest reachable stable tag (0.0.0 when there is none, with 0.1.0 as the
/// floor): main, hotfix/* and other branches bump the patch, develop the minor; <c>+semver: major|minor|patch</c> in a
/// commit since the latest tag bumps at least that much; release/X.Y.Z is X.Y.Z.</item>
/// <item>A reachable pre-release tag (1.4.0-rc.1) has not shipped 1.4.0 yet: its X.Y.Z is the floor.</item>
/// <item>A merged release branch (a merge commit from release/X.Y.Z since the latest tag) makes main at least X.Y.Z and
/// develop at least the minor after it.</item>
/// <item>The pre-release label is by branch, N = commits since the latest reachable tag: main <c>-N</c>, develop
/// <c>-alpha.N</c>, release and hotfix <c>-beta.N</c>, pull request <c>-prNUMBER.N</c>, others
/// <c>-&lt;sanitized branch&gt;.N</c>.</item>
/// <item>On every branch a version never sorts below the pre-release tag it comes after: the same label counts on
/// (develop after 1.0.0-alpha.3: 1.0.0-alpha.(3+N)); otherwise main, release and hotfix produce 1.4.0-rc.1.N, develop
/// moves to the next minor (1.5.0-alpha.N) and other branches put their label after the tag's (1.4.0-rc.1.feature-y.N).</item>
/// </list>
/// </summary>
internal static partial class VersionCalculator
{
    /// <summary>The version a repository starts from before its first release tag.</summary>
    public static SemanticVersion InitialVersion { get; } = new(0, 1, 0);

    private const int MaxLabelLength = 40;

    public static GitVersionInfo Calculate(VersionFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);

        var tagOnHead = VersionTag.Highest(facts.ReachableTags.Where(t => string.Equals(t.CommitSha, facts.HeadSha, StringComparison.Ordinal)));
        if (tagOnHead is not null)
        {
            return Describe(facts, tagOnHead.Version, commitsSinceTag: 0, tagOnHead.Name, isTagged: true);
        }

        var latest = VersionTag.Highest(facts.ReachableTags);
        var latestStable = VersionTag.Highest(facts.ReachableTags.Where(t => !t.IsPreRelease));
        var released = latestStable?.Version ?? new SemanticVersion(0, 0, 0);
        var commits = facts.CommitsSinceLatestTag;
        var n = commits.Count;
        var requested = RequestedIncrement(commits);
        var branch = facts.Branch;

        var core = branch.Kind switch
        {
            BranchKind.Release when ParseVersionFromBranch(branch.Name) is { } named => named,
            BranchKind.Release or BranchKind.Develop => Bump(released, Max(SemVerIncrement.Minor, requested)),
            _ => Bump(released, Max(SemVerIncrement.Patch, requested)),
        };

        var versionFromName = branch.Kind == BranchKind.Release && ParseVersionFromBranch(branch.Name) is not null;
        if (branch.Kind == BranchKind.Release && !versionFromName)
        {
            Log.Warning(
                "Release branch {Branch} names no version, so it is versioned as the next minor; names understood: release/1.4.0, " +
                "release-1.4, releases/v2.0.0, release/2.0.0-rc (the version first, any suffix after it)", branch.Name);
        }

        if (!versionFromName)
        {
            if (latestStable is null)
            {
                core = Max(core, InitialVersion);
            }

            if (latest is { IsPreRelease: true })
            {
                core = Max(core, StrictSemVer.Core(latest.Version));
            }

            foreach (var merged in MergedReleaseVersions(commits).Where(v => StrictSemVer.Compare(v, released) > 0))
            {
                core = branch.Kind switch
                {
                    BranchKind.Main => Max(core, merged),
                    BranchKind.Develop => Max(core, Bump(merged, SemVerIncrement.Minor)),
                    _ => core,
                };
            }
        }

        var nText = n.ToString(CultureInfo.InvariantCulture);
        string[] labels = branch.Kind switch
        {
            BranchKind.Main => [nText],
            BranchKind.Develop => ["alpha", nText],
            BranchKind.Release or BranchKind.Hotfix => ["beta", nText],
            BranchKind.PullRequest => [$"pr{branch.PullRequestNumber?.ToString(CultureInfo.InvariantCulture)}", nText],
            _ => [SanitizeLabel(branch.Name), nText],
        };

        var version = new SemanticVersion(core.Major, core.Minor, core.Patch, labels, metadata: null);
        if (latest is { IsPreRelease: true })
        {
            version = CountOn(latest.Version, core, labels, n)
                ?? (StrictSemVer.Compare(version, latest.Version) <= 0 ? ContinuePreRelease(latest.Version, core, labels, n, branch.Kind) : version);
        }

        return Describe(facts, version, n, latest?.Name, isTagged: false);
    }

    /// <summary>
    /// After a pre-release tag of the same version and label (1.0.0-alpha.3, then develop's alpha), the label's counter
    /// counts on from the tag's, as GitVersion's does: 1.0.0-alpha.(3+N), rising with every commit.
    /// </summary>
    private static SemanticVersion? CountOn(SemanticVersion tag, SemanticVersion core, string[] labels, int n)
    {
        var tagLabels = tag.ReleaseLabels.ToArray();
        return StrictSemVer.Compare(StrictSemVer.Core(tag), core) == 0
            && labels.Length == 2 && tagLabels.Length == 2 && string.Equals(labels[0], tagLabels[0], StringComparison.OrdinalIgnoreCase)
            && int.TryParse(tagLabels[1], NumberStyles.None, CultureInfo.InvariantCulture, out var tagNumber)
            ? new SemanticVersion(core.Major, core.Minor, core.Patch, [labels[0], (tagNumber + n).ToString(CultureInfo.InvariantCulture)], metadata: null)
            : null;
    }

    /// <summary>
    /// A version that would sort at or below the pre-release tag it comes after, moved above it: on main, release and
    /// hotfix branches the tag's labels are continued (1.4.0-rc.1.N); develop, past a release candidate, is on the next
    /// minor (GitFlow: develop is ahead of the release in progress); any other branch keeps its label after the tag's
    /// (1.4.0-rc.1.feature-y.N). Each rises with N.
    /// </summary>
    private static SemanticVersion ContinuePreRelease(SemanticVersion tag, SemanticVersion core, string[] labels, int n, BranchKind kind) => kind switch
    {
        BranchKind.Main or BranchKind.Release or BranchKind.Hotfix =>
            new SemanticVersion(core.Major, core.Minor, core.Patch, [.. tag.ReleaseLabels, n.ToString(CultureInfo.InvariantCulture)], metadata: null),
        BranchKind.Develop => new SemanticVersion(core.Major, core.Minor + 1, 0, labels, metadata: null),
        _ => new SemanticVersion(core.Major, core.Minor, core.Patch, [.. tag.ReleaseLabels, .. labels], metadata: null),
    };

    /// <summary>The strongest <c>+semver:</c> directive among the messages (GitVersion's words, including its aliases).</summary>
    public static SemVerIncrement RequestedIncrement(IEnumerable<GitCommit> commits)
    {
        ArgumentNullException.ThrowIfNull(commits);
        var increment = SemVerIncrement.None;
        foreach (var commit in commits)
        {
            foreach (Match match in SemVerDirective().Matches(commit.Message))
            {
                var found = match.Groups[1].Value.ToUpperInvariant() switch
                {
                    "MAJOR" or "BREAKING" => SemVerIncrement.Major,
                    "MINOR" or "FEATURE" => SemVerIncrement.Minor,
                    _ => SemVerIncrement.Patch,
                };
                increment = Max(increment, found);
            }
        }

        return increment;
    }

    /// <summary>
    /// A pre-release identifier from a branch name: lower case, runs of anything but [0-9a-z] become one '-', at most
    /// 40 characters, never empty nor a bare number (numeric identifiers would sort differently and forbid leading zeros).
    /// </summary>
    public static string SanitizeLabel(string branchName)
    {
        ArgumentNullException.ThrowIfNull(branchName);
        var builder = new StringBuilder(branchName.Length);
        foreach (var c in branchName.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        var label = builder.ToString().Trim('-');
        if (label.Length > MaxLabelLength)
        {
            label = label[..MaxLabelLength].TrimEnd('-');
        }

        if (label.Length == 0)
        {
            return "branch";
        }

        return label.All(char.IsAsciiDigit) ? "branch-" + label : label;
    }

    /// <summary>
    /// <c>release/1.4.0</c>, <c>release-1.4</c>, <c>releases/v2.0.0</c> or <c>release/2.0.0-rc</c> → the version the
    /// name starts with (anything after it is the team's own suffix).
    /// </summary>
    public static SemanticVersion? ParseVersionFromBranch(string branchName)
    {
        ArgumentNullException.ThrowIfNull(branchName);
        var match = VersionInBranchName().Match(branchName);
        if (!match.Success)
        {
            return null;
        }

        var major = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var minor = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        var patch = match.Groups[3].Success ? int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture) : 0;
        return new SemanticVersion(major, minor, patch);
    }

    private static IEnumerable<SemanticVersion> MergedReleaseVersions(IEnumerable<GitCommit> commits)
    {
        foreach (var commit in commits.Where(c => c.IsMerge))
        {
            var match = ReleaseMergeMessage().Match(commit.Subject);
            if (match.Success && ParseVersionFromBranch(match.Groups["branch"].Value) is { } version)
            {
                yield return version;
            }
        }
    }

    private static GitVersionInfo Describe(VersionFacts facts, SemanticVersion version, int commitsSinceTag, string? sourceTag, bool isTagged) => new()
    {
        Major = version.Major,
        Minor = version.Minor,
        Patch = version.Patch,
        PreReleaseTag = version.IsPrerelease ? version.Release : string.Empty,
        Sha = facts.HeadSha,
        BranchName = facts.Branch.Name,
        CommitsSinceTag = commitsSinceTag,
        VersionSourceTag = sourceTag,
        PullRequestNumber = facts.Branch.PullRequestNumber,
        IsTaggedRelease = isTagged,
    };

    private static SemanticVersion Bump(SemanticVersion version, SemVerIncrement increment) => increment switch
    {
        SemVerIncrement.Major => new SemanticVersion(version.Major + 1, 0, 0),
        SemVerIncrement.Minor => new SemanticVersion(version.Major, version.Minor + 1, 0),
        SemVerIncrement.Patch => new SemanticVersion(version.Major, version.Minor, version.Patch + 1),
        _ => StrictSemVer.Core(version),
    };

    private static SemanticVersion Max(SemanticVersion left, SemanticVersion right) =>
        StrictSemVer.Compare(left, right) >= 0 ? left : right;

    private static SemVerIncrement Max(SemVerIncrement left, SemVerIncrement right) => left >= right ? left : right;

    [GeneratedRegex(@"\+semver:\s?(breaking|major|feature|minor|fix|patch)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SemVerDirective();

    // The version at the start of the name, whatever follows it (release/2.0.0-rc, release-2.0.0-final), but not a
    // longer dotted number (release/2.0.0.1 names no SemVer version).
    [GeneratedRegex(@"^releases?[/-]v?(\d+)\.(\d+)(?:\.(\d+))?(?![.\d])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex VersionInBranchName();

    // git's "Merge branch 'release/1.4.0' [into main]", "Merge remote-tracking branch 'origin/release/1.4.0'" and
    // GitHub's "Merge pull request #12 from owner/release/1.4.0".
    [GeneratedRegex(@"^Merge (?:branch '|remote-tracking branch '[^/']+/|pull request #\d+ from [^/\s]+/)(?<branch>releases?[/-][^'\s]+)", RegexOptions.CultureInvariant)]
    private static partial Regex ReleaseMergeMessage();
}
