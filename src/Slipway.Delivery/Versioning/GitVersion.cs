using Serilog;
using Slipway.Delivery.Git;
using Slipway.Engine;

namespace Slipway.Delivery.Versioning;

/// <summary>
/// Entry point of versioning (what <c>./build.sh Version</c> calls): reads the facts from the repository with
/// <see cref="GitTool"/> and hands them to the pure <see cref="VersionCalculator"/>. Stands in for GitVersion.Tool.
/// <code>
/// var version = await GitVersion.ComputeAsync(new GitVersionRequest(RootDirectory, BranchHints.FromEnvironment()), ct);
/// DotNetBuild(s => s.AddArguments(version.ToMSBuildArguments()));
/// </code>
/// </summary>
internal static class GitVersion
{
    public static async Task<GitVersionInfo> ComputeAsync(GitVersionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var git = new GitTool(request.RepositoryRoot);
        var facts = await ReadFactsAsync(git, request, cancellationToken);
        var version = VersionCalculator.Calculate(facts);
        Log.Information(
            "Version {SemVer} (branch {Branch}, {Commits} commit(s) since {Source})",
            version.SemVer,
            version.BranchName,
            version.CommitsSinceTag,
            version.VersionSourceTag ?? "the start of history");
        return version;
    }

    /// <summary>
    /// Every release tag of the repository, reachable from HEAD or not: a newer line's tags are not reachable from an
    /// older line's hotfix branch, and decide whether its release becomes the latest (<see cref="ReleaseLine.IsNewest"/>).
    /// </summary>
    public static async Task<IReadOnlyList<VersionTag>> ReadReleaseTagsAsync(string repositoryRoot, string prefix, CancellationToken cancellationToken = default)
    {
        var tags = new List<VersionTag>();
        foreach (var tag in await new GitTool(repositoryRoot).GetTagsAsync(prefix, cancellationToken: cancellationToken))
        {
            if (VersionTag.TryCreate(tag, prefix, out var versionTag))
            {
                tags.Add(versionTag!);
            }
        }

        return tags;
    }

    /// <summary>The git half of <see cref="ComputeAsync"/>, public so the facts can be inspected and tested apart.</summary>
    public static async Task<VersionFacts> ReadFactsAsync(GitTool git, GitVersionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(git);
        ArgumentNullException.ThrowIfNull(request);
        await git.EnsureRepositoryAsync(cancellationToken);
        await git.EnsureFullHistoryAsync(request.Remote, cancellationToken);

        var head = await git.GetHeadShaAsync(cancellationToken)
            ?? throw BuildFailedException.BadInput("The repository has no commits yet: commit something before computing a version.");
        var checkedOut = await git.GetCheckedOutBranchAsync(cancellationToken);
        var branch = BranchResolver.Resolve(checkedOut, request.Hints);

        var prefix = request.Options.TagPrefix;
        var tags = new List<VersionTag>();
        foreach (var tag in await git.GetTagsAsync(prefix, mergedInto: head, cancellationToken))
        {
            if (VersionTag.TryCreate(tag, prefix, out var versionTag))
            {
                tags.Add(versionTag!);
            }
            else
            {
                Log.Warning("Ignoring tag {Tag}: after '{Prefix}' it is not a strict SemVer version such as 1.4.0", tag.Name, prefix);
            }
        }

        var latest = VersionTag.Highest(tags);
        if (latest is null)
        {
            Log.Information(
                "No release tag '{Prefix}X.Y.Z' is reachable from HEAD: counting from {Initial}. If the remote has tags, fetch them ('git fetch --tags').",
                prefix,
                VersionCalculator.InitialVersion.ToNormalizedString());
        }

        var commits = await git.GetCommitsAsync(latest?.CommitSha, head, includeMerges: true, cancellationToken);
        return new VersionFacts(head, branch, tags, commits);
    }
}
