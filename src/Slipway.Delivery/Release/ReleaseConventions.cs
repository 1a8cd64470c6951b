using Slipway.Delivery.Git;

namespace Slipway.Delivery.Release;

/// <summary>
/// How a release made by Slipway looks in git. The subject of the release commit is also how a re-run recognises its
/// own earlier, interrupted work (see docs/release.md, "Resuming").
/// </summary>
internal static class ReleaseConventions
{
    public const string CommitSubjectPrefix = "chore(release): ";

    public static string TagName(string prefix, string version) => prefix + version;

    public static string CommitSubject(string version) => CommitSubjectPrefix + version;

    public static string CommitMessage(string version, string tag) =>
        $"{CommitSubject(version)}\n\nAdds the changelog of {version}; tagged {tag}.\n";

    public static string TagMessage(string version, string notes) => $"Release {version}\n\n{notes}";

    /// <summary>True for the commit Slipway makes when releasing exactly <paramref name="version"/>.</summary>
    public static bool IsReleaseCommit(GitCommit? commit, string version) =>
        commit is not null && string.Equals(commit.Subject, CommitSubject(version), StringComparison.Ordinal);

    /// <summary>True for any release commit; they are left out of changelogs.</summary>
    public static bool IsAnyReleaseCommit(GitCommit commit)
    {
        ArgumentNullException.ThrowIfNull(commit);
        return commit.Subject.StartsWith(CommitSubjectPrefix, StringComparison.Ordinal);
    }
}
