using Slipway.Delivery.Git;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Release;

/// <summary>Pushes the release commit and its tag in one atomic push; the tag starts the production delivery.</summary>
internal sealed record PushReleaseStep(string Remote, string Branch, string Tag) : ReleaseStep
{
    public override string Description =>
        $"Push the release commit to {Remote}/{Branch} and the tag {Tag} atomically (the tag starts the delivery to production)";

    public override IReadOnlyList<ToolInvocation> GitCommands(GitCommands git)
    {
        ArgumentNullException.ThrowIfNull(git);
        return [git.PushCommitAndTag(Remote, "HEAD", Branch, Tag)];
    }
}
