namespace Slipway.Engine.Tests.GitHubActions;

/// <summary>Small builds whose workflow declarations are wrong in one way each; the planner must say what and how to fix it.</summary>
internal abstract class TwoTargetBuild : SlipwayBuild
{
    [Parameter("A version")] protected readonly string? Version;
    [Parameter("A token"), Secret] protected readonly string? Token;

    protected Target Build => _ => _.Produces("out/app").Executes(() => { });

    protected Target Ship => _ => _.DependsOn(Build).Requires(() => Version).Executes(() => { });
}

[GitHubActions("ci", OnPushBranches = ["main"], InvokedTargets = ["Shipp"])]
internal sealed class UnknownInvokedTargetBuild : TwoTargetBuild;

[GitHubActions("ci", OnPushBranches = ["main"], InvokedTargets = ["Ship"])]
[GitHubActions("CI", OnPushBranches = ["develop"], InvokedTargets = ["Build"])]
internal sealed class DuplicateWorkflowBuild : TwoTargetBuild;

[GitHubActions("ci", InvokedTargets = ["Ship"])]
internal sealed class NoTriggerBuild : TwoTargetBuild;

[GitHubActions("ci", OnWorkflowDispatchRequiredInputs = ["Token"], InvokedTargets = ["Build"])]
internal sealed class SecretInputBuild : TwoTargetBuild;

[GitHubActions("ci", OnPushBranches = ["main"], InvokedTargets = ["Ship"])]
[GitHubActionsJob("Ship", Secrets = ["Tokn=DEPLOY_TOKEN"])]
internal sealed class BadSecretBuild : TwoTargetBuild;

[GitHubActions("ci", OnPushBranches = ["main"], InvokedTargets = ["Ship"])]
[GitHubActionsJob("Ship", Workflow = "nightly")]
internal sealed class UnknownWorkflowJobBuild : TwoTargetBuild;

[GitHubActions("ci", OnPushBranches = ["main"], InvokedTargets = ["Ship"])]
[GitHubActionsJob("Ship", EnvironmentParameter = "Version")]
internal sealed class EnvironmentParameterNotAnInputBuild : TwoTargetBuild;

[GitHubActions("ci", OnPushBranches = ["main"], InvokedTargets = ["Ship"])]
[GitHubActionsJob("Ship", OnlyOnBranches = ["feature/*/x"])]
internal sealed class UnsupportedPatternBuild : TwoTargetBuild;

[GitHubActions("ci", OnWorkflowDispatchOptionalInputs = ["release version=Version"], InvokedTargets = ["Ship"])]
internal sealed class MalformedInputEntryBuild : TwoTargetBuild;

[GitHubActions("ci", OnWorkflowDispatchOptionalInputs = ["version=Version=1"], InvokedTargets = ["Ship"])]
internal sealed class TwoEqualsInputEntryBuild : TwoTargetBuild;

[GitHubActions("ci", OnWorkflowDispatchOptionalInputs = ["version="], InvokedTargets = ["Ship"])]
internal sealed class InputEntryWithoutParameterBuild : TwoTargetBuild;

[GitHubActions("ci", OnWorkflowDispatchOptionalInputs = ["version=Versoin"], InvokedTargets = ["Ship"])]
internal sealed class UnknownInputParameterBuild : TwoTargetBuild;

/// <summary>Version is an input of its own (Ship requires it) and the alias of another parameter.</summary>
[GitHubActions("ci", OnWorkflowDispatchOptionalInputs = ["version=Label"], InvokedTargets = ["Ship"])]
internal sealed class ClashingInputNamesBuild : TwoTargetBuild
{
    [Parameter("A label")] public string? Label { get; init; }
}

[GitHubActions("ci", OnWorkflowDispatchRequiredInputs = ["release=Version"], OnWorkflowDispatchOptionalInputs = ["v=Version"], InvokedTargets = ["Ship"])]
internal sealed class TwoNamesForOneInputBuild : TwoTargetBuild;

/// <summary>A required input under another name: Ship requires Version, asked for as "release".</summary>
[GitHubActions("ci", OnWorkflowDispatchRequiredInputs = ["release=" + "Version"], InvokedTargets = ["Ship"])]
internal sealed class RenamedRequiredInputBuild : TwoTargetBuild;

[GitHubActions("ci", OnPushBranches = ["main"], InvokedTargets = ["Build"], OnFailureTarget = "Ship")]
internal sealed class DependentFailureTargetBuild : TwoTargetBuild;

[GitHubActions("ci", OnPushBranches = ["main"], InvokedTargets = ["Build"], OnFailureTarget = "Build")]
internal sealed class FailureTargetIsAJobBuild : TwoTargetBuild;

[GitHubActions("ci", OnPushBranches = ["main"], InvokedTargets = ["Ship"])]
[GitHubActionsJob("Ship", SetupSteps = [(GitHubActionsSetup)42])]
internal sealed class UnknownSetupStepBuild : TwoTargetBuild;

/// <summary>Deploy consumes Build's output, but the workflow trusts Build to another workflow.</summary>
[GitHubActions("ci", OnPushBranches = ["main"], SkipTargets = ["Build"], InvokedTargets = ["Deploy"])]
internal sealed class ConsumesSkippedBuild : SlipwayBuild
{
    Target Build => _ => _.Produces("out/app").Executes(() => { });

    Target Deploy => _ => _.DependsOn(Build).Consumes(Build).Executes(() => { });
}

/// <summary>A declaration on a component's target property, overridden for one workflow on the build class.</summary>
internal interface IPackageComponent : ISlipwayBuild
{
    [GitHubActionsJob(Permissions = [GitHubTokenAccess.PackagesWrite], TimeoutMinutes = 12)]
    Target Package => _ => _.Executes(() => { });
}

[GitHubActions("ci", OnPushBranches = ["main"], InvokedTargets = ["Publish"])]
[GitHubActions("nightly", OnCronSchedule = "0 2 * * *", InvokedTargets = ["Publish"])]
[GitHubActionsJob("Package", Workflow = "nightly", TimeoutMinutes = 90)]
internal sealed class ComponentJobBuild : SlipwayBuild, IPackageComponent
{
    Target Publish => _ => _.DependsOn<IPackageComponent>().Executes(() => { });
}

[GitHubActions("ci", OnPushBranches = ["main"], InvokedTargets = ["Ship"])]
[GitHubActionsJob("Ship", Variables = ["Token=DEPLOY_TOKEN"])]
internal sealed class SecretFromVariableBuild : TwoTargetBuild;

[GitHubActions("ci", OnPushBranches = ["main"], InvokedTargets = ["Ship"])]
internal sealed class UnmaskedSecretSourceBuild : TwoTargetBuild
{
    [Parameter("A key that is not marked [Secret]"), GitHubActionsSecret("DEPLOY_KEY")] public string? Key { get; init; }
}
