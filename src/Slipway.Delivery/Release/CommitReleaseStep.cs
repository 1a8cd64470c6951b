using Slipway.Delivery.Git;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Release;

/// <summary>Commits the changelog as the release commit on the current branch.</summary>
internal sealed record CommitReleaseStep(string ChangelogPath, string Message) : ReleaseStep
{
    public override string Description => $"Commit {ChangelogPath} as \"{Message.Split('\n')[0]}\"";

    public override IReadOnlyList<ToolInvocation> GitCommands(GitCommands git)
    {
        ArgumentNullException.ThrowIfNull(git);
        return [git.Add(ChangelogPath), git.Commit(Message)];
    }
}
