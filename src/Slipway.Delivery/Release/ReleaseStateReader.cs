using Slipway.Delivery.Git;
using Slipway.Delivery.Versioning;
using Slipway.Engine;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Release;

/// <summary>Reads a <see cref="ReleaseState"/> from the work tree and the remote. Only queries: nothing is changed, nothing fetched.</summary>
internal static class ReleaseStateReader
{
    public static async Task<ReleaseState> ReadAsync(GitTool git, ReleaseTarget target, string tagPrefix, BranchHints hints, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(git);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(hints);
        await git.EnsureRepositoryAsync(cancellationToken);

        var head = await git.GetCommitAsync("HEAD", cancellationToken)
            ?? throw BuildFailedException.BadInput("The repository has no commits: there is nothing to release.");
        var branch = BranchResolver.Resolve(await git.GetCheckedOutBranchAsync(cancellationToken), hints);
        var isShallow = await git.IsShallowAsync(cancellationToken);
        var changes = (await git.GetUncommittedChangesAsync(cancellationToken))
            .Where(line => !IsReleaseNotes(line, target.ReleaseNotesPath))
            .ToList();
        var identity = await git.HasCommitterIdentityAsync(cancellationToken);

        IReadOnlyList<GitRemoteRef> remoteRefs;
        try
        {
            remoteRefs = await git.LsRemoteAsync(target.Remote, [$"refs/heads/{branch.Name}", $"refs/tags/{tagPrefix}*"], cancellationToken);
        }
        catch (ToolException exception)
        {
            throw BuildFailedException.BadInput(
                $"Cannot read the remote '{target.Remote}' ({LastLine(exception)}): a release must check the remote's branch and " +
                "tags first. Check 'git remote -v', the network and your git credentials.");
        }

        var remoteBranchSha = remoteRefs.FirstOrDefault(r => r.Name == $"refs/heads/{branch.Name}")?.Sha;
        var remoteTags = RemoteTags(remoteRefs);
        var localTags = await git.GetTagsAsync(tagPrefix, cancellationToken: cancellationToken);

        var localTag = localTags.FirstOrDefault(t => t.Name == target.Tag);
        var localTagCommit = localTag is null ? null : await git.GetCommitAsync(localTag.CommitSha, cancellationToken);

        var releaseTags = new List<VersionTag>();
        foreach (var tag in localTags.Concat(remoteTags.Where(r => localTags.All(l => l.Name != r.Name))))
        {
            if (VersionTag.TryCreate(tag, tagPrefix, out var versionTag))
            {
                releaseTags.Add(versionTag!);
            }
        }

        return new ReleaseState
        {
            Head = head,
            Branch = branch,
            IsShallow = isShallow,
            UncommittedChanges = changes,
            HasCommitterIdentity = identity,
            RemoteBranchSha = remoteBranchSha,
            ReleaseTags = releaseTags,
            LocalTagObject = localTag?.ObjectSha,
            LocalTagCommit = localTagCommit,
            RemoteTagObject = remoteTags.FirstOrDefault(t => t.Name == target.Tag)?.ObjectSha,
        };
    }

    /// <summary>ls-remote lists an annotated tag twice: the tag object under its name, the commit under <c>name^{}</c>.</summary>
    private static List<GitTagRef> RemoteTags(IReadOnlyList<GitRemoteRef> refs)
    {
        const string prefix = "refs/tags/";
        const string peeled = "^{}";
        var peeledCommits = refs.Where(r => r.Name.EndsWith(peeled, StringComparison.Ordinal))
            .ToDictionary(r => r.Name[..^peeled.Length], r => r.Sha, StringComparer.Ordinal);
        return
        [
            .. refs.Where(r => r.Name.StartsWith(prefix, StringComparison.Ordinal) && !r.Name.EndsWith(peeled, StringComparison.Ordinal))
                .Select(r => new GitTagRef(r.Name[prefix.Length..], r.Sha, peeledCommits.GetValueOrDefault(r.Name, r.Sha))),
        ];
    }

    /// <summary>Our own notes file (or the untracked folder holding it) is output of an earlier run, not a change.</summary>
    private static bool IsReleaseNotes(string statusLine, string notesPath)
    {
        var path = statusLine.Length > 3 ? statusLine[3..].Trim().Trim('"') : string.Empty;
        return path == notesPath || (path.EndsWith('/') && notesPath.StartsWith(path, StringComparison.Ordinal));
    }

    private static string LastLine(ToolException exception)
    {
        var lines = exception.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length > 0 ? lines[^1] : exception.Message;
    }
}
