namespace Slipway.Engine.Tests.GitHubActions;

/// <summary>Two builds that differ only in one attribute value: the drift tests switch from one to the other.</summary>
internal abstract class DriftBuildBase : SlipwayBuild
{
    public static int Runs { get; set; }

    Target Compile => _ => _.Executes(() => { });

    Target Test => _ => _.DependsOn(Compile).Executes(() => Runs++);
}

[GitHubActions("ci", OnPushBranches = ["main"], InvokedTargets = ["Test"])]
internal sealed class DriftBuild : DriftBuildBase;

[GitHubActions("ci", OnPushBranches = ["trunk"], InvokedTargets = ["Test"])]
internal sealed class ChangedDriftBuild : DriftBuildBase;

internal sealed class NoWorkflowBuild : DriftBuildBase;
