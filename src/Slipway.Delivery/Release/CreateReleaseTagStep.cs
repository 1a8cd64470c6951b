using Slipway.Delivery.Git;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Release;

/// <summary>Creates the annotated release tag on the release commit (HEAD).</summary>
internal sealed record CreateReleaseTagStep(string Tag, string Message) : ReleaseStep
{
    public override string Description => $"Create the annotated tag {Tag} on the release commit";

    public override IReadOnlyList<ToolInvocation> GitCommands(GitCommands git)
    {
        ArgumentNullException.ThrowIfNull(git);
        return [git.CreateAnnotatedTag(Tag, "HEAD", Message)];
    }
}
