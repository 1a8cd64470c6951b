using Slipway.Engine;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Git;

/// <summary>
/// The one door to git for versioning and releases: <see cref="Commands"/> builds command lines as data, the methods
/// here run them through <see cref="ToolRunner"/> and parse what comes back. Stands in for LibGit2Sharp, whose native
/// binaries the feed does not serve; the git CLI is on every machine that has a clone anyway.
/// </summary>
internal sealed class GitTool
{
    private readonly Func<ToolInvocation, CancellationToken, Task<ToolResult>> runner;

    /// <param name="workingDirectory">A folder inside the repository's work tree.</param>
    /// <param name="runner">Runs a command; <see cref="ToolRunner.RunAsync"/> unless a caller must observe or wrap it.</param>
    public GitTool(string workingDirectory, Func<ToolInvocation, CancellationToken, Task<ToolResult>>? runner = null)
    {
        Commands = new GitCommands(workingDirectory);
        this.runner = runner ?? ToolRunner.RunAsync;
    }

    public GitCommands Commands { get; }

    /// <summary>Runs a command and throws <see cref="ToolException"/> when it fails.</summary>
    public async Task<ToolResult> RunAsync(ToolInvocation invocation, CancellationToken cancellationToken = default)
    {
        var result = await runner(invocation, cancellationToken);
        return result.EnsureSuccess();
    }

    /// <summary>Runs a command whose non-zero exit is an answer, not an error (e.g. "no such ref").</summary>
    public Task<ToolResult> TryRunAsync(ToolInvocation invocation, CancellationToken cancellationToken = default) =>
        runner(invocation, cancellationToken);

    /// <summary>Fails with exit 2 unless the folder is inside a git work tree.</summary>
    public async Task EnsureRepositoryAsync(CancellationToken cancellationToken = default)
    {
        var result = await TryRunAsync(Commands.IsInsideWorkTree(), cancellationToken);
        if (!result.Succeeded || result.StandardOutput.Trim() != "true")
        {
            throw BuildFailedException.BadInput(
                $"'{Commands.WorkingDirectory}' is not inside a git work tree: run from a clone of the repository.");
        }
    }

    /// <summary>The commit HEAD points at, or null in a repository without commits.</summary>
    public async Task<string?> GetHeadShaAsync(CancellationToken cancellationToken = default) =>
        await ResolveCommitAsync("HEAD", cancellationToken);

    public async Task<string?> ResolveCommitAsync(string revision, CancellationToken cancellationToken = default)
    {
        var result = await TryRunAsync(Commands.ResolveCommit(revision), cancellationToken);
        return result.Succeeded ? result.StandardOutput.Trim() : null;
    }

    public async Task<string?> ResolveObjectAsync(string reference, CancellationToken cancellationToken = default)
    {
        var result = await TryRunAsync(Commands.ResolveObject(reference), cancellationToken);
        return result.Succeeded ? result.StandardOutput.Trim() : null;
    }

    /// <summary>The short name of the checked-out branch, or null when HEAD is detached (as in most CI checkouts).</summary>
    public async Task<string?> GetCheckedOutBranchAsync(CancellationToken cancellationToken = default)
    {
        var result = await TryRunAsync(Commands.CheckedOutBranch(), cancellationToken);
        var name = result.StandardOutput.Trim();
        return result.Succeeded && name.Length > 0 ? name : null;
    }

    public async Task<bool> IsShallowAsync(CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(Commands.IsShallowRepository(), cancellationToken);
        return result.StandardOutput.Trim() == "true";
    }

    /// <summary>
    /// Makes sure the whole history and all tags are here. A shallow clone (CI's default) is deepened from
    /// <paramref name="remote"/>; when that is impossible the build fails with the fix instead of computing a wrong version.
    /// </summary>
    public async Task EnsureFullHistoryAsync(string remote, CancellationToken cancellationToken = default)
    {
        if (!await IsShallowAsync(cancellationToken))
        {
            return;
        }

        var fetch = await TryRunAsync(Commands.FetchFullHistory(remote), cancellationToken);
        if (!fetch.Succeeded)
        {
            var lines = fetch.StandardError.Trim().Split('\n');
            var reason = lines[^1].Trim();
            throw BuildFailedException.BadInput(
                $"This clone is shallow and fetching its full history and tags from '{remote}' failed ({reason}). " +
                "Versions are computed from the whole history and the release tags: in GitHub Actions set " +
                "'fetch-depth: 0' on actions/checkout; locally run 'git fetch --unshallow --tags'.");
        }
    }

    public async Task<IReadOnlyList<GitTagRef>> GetTagsAsync(string namePrefix, string? mergedInto = null, CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(Commands.ListTags(namePrefix, mergedInto), cancellationToken);
        return GitOutputParser.ParseTags(result.StandardOutput);
    }

    public async Task<IReadOnlyList<GitCommit>> GetCommitsAsync(string? since, string until, bool includeMerges = true, CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(Commands.Log(since, until, includeMerges), cancellationToken);
        return GitOutputParser.ParseLog(result.StandardOutput);
    }

    /// <summary>Lines inserted plus lines deleted since the merge base of <paramref name="since"/> and <paramref name="until"/>.</summary>
    public async Task<int> GetLinesChangedAsync(string since, string until, CancellationToken cancellationToken = default) =>
        GitOutputParser.ParseShortStat((await RunAsync(Commands.DiffShortStat(since, until), cancellationToken)).StandardOutput);

    public async Task<GitCommit?> GetCommitAsync(string revision, CancellationToken cancellationToken = default)
    {
        var result = await TryRunAsync(Commands.ShowCommit(revision), cancellationToken);
        if (!result.Succeeded)
        {
            return null;
        }

        var commits = GitOutputParser.ParseLog(result.StandardOutput);
        return commits.Count > 0 ? commits[0] : null;
    }

    /// <summary>Paths with uncommitted changes or untracked files, as <c>git status --porcelain</c> lists them.</summary>
    public async Task<IReadOnlyList<string>> GetUncommittedChangesAsync(CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(Commands.Status(), cancellationToken);
        return [.. result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd())];
    }

    public async Task<bool> HasCommitterIdentityAsync(CancellationToken cancellationToken = default)
    {
        var result = await TryRunAsync(Commands.CommitterIdentity(), cancellationToken);
        return result.Succeeded;
    }

    public async Task<string?> GetRemoteUrlAsync(string remote, CancellationToken cancellationToken = default)
    {
        var result = await TryRunAsync(Commands.RemoteUrl(remote), cancellationToken);
        return result.Succeeded ? result.StandardOutput.Trim() : null;
    }

    /// <summary>The remote's refs matching the patterns; throws when the remote cannot be reached.</summary>
    public async Task<IReadOnlyList<GitRemoteRef>> LsRemoteAsync(string remote, IReadOnlyList<string> patterns, CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(Commands.LsRemote(remote, [.. patterns]), cancellationToken);
        return GitOutputParser.ParseLsRemote(result.StandardOutput);
    }
}
