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

/// <summary><see cref="DriftBuild"/> having taken a Dependabot update of actions/checkout (<see cref="PinDriftTests"/>).</summary>
[GitHubActions("ci", OnPushBranches = ["main"], InvokedTargets = ["Test"])]
[GitHubActionsPin("actions/checkout", PinDriftTests.UpdatedSha, "v4.5.0")]
internal sealed class PinnedDriftBuild : DriftBuildBase;

/// <summary><see cref="DriftBuild"/> with Dependabot's version updates declared.</summary>
[GitHubActions("ci", OnPushBranches = ["main"], InvokedTargets = ["Test"])]
[GitHubDependabot]
internal sealed class DependabotDriftBuild : DriftBuildBase;
