using static Slipway.Engine.GitHubTokenAccess;

namespace Slipway.Engine.Tests.GitHubActions;

internal enum PipelineEnvironment
{
    Staging,
    Production,
}

/// <summary>
/// The shape of the real pipeline (build/Build.cs) with artifacts between jobs, fixed here so the golden workflows
/// change only when the generator does, not when the real targets evolve.
/// </summary>
[GitHubActions("ci", OnPushBranches = ["main", "develop", "release/*", "hotfix/*"], OnPullRequestBranches = ["main", "develop"],
    InvokedTargets = [nameof(DockerBuild)], OnFailureTarget = nameof(NotifyFailure))]
[GitHubActions("delivery", OnPushBranches = ["main"], OnPushTags = ["prod/v*"], SkipTargets = [nameof(Lint), nameof(Test), nameof(Scan)],
    InvokedTargets = [nameof(DeployStaging), nameof(DeployProduction)])]
[GitHubActions("release", OnWorkflowDispatch = true, InvokedTargets = [nameof(Release)])]
[GitHubActions("rollback", OnWorkflowDispatchOptionalInputs = ["version=" + nameof(RollbackTo)], InvokedTargets = [nameof(Rollback)])]
[GitHubActions("security", OnCronSchedule = "17 3 * * *", OnWorkflowDispatch = true, InvokedTargets = [nameof(Scan)])]
[GitHubActionsJob(nameof(Lint))]
[GitHubActionsJob(nameof(Test), TimeoutMinutes = 45)]
[GitHubActionsJob(nameof(Scan), Permissions = [SecurityEventsWrite], CodeScanningResults = "artifacts/scan")]
[GitHubActionsJob(nameof(Scan), Workflow = "security", Permissions = [SecurityEventsWrite, PackagesRead], CodeScanningResults = "artifacts/scan",
    SetupSteps = [GitHubActionsSetup.Trivy], Variables = [nameof(IPipelineScan.ScanImageTag) + "=SCAN_IMAGE_TAG || 'main'"])]
[GitHubActionsJob(nameof(Push), Permissions = [PackagesWrite])]
[GitHubActionsJob(nameof(DeployStaging), Environment = "staging", OnlyOnBranches = ["main"], Permissions = [DeploymentsWrite, PackagesRead])]
[GitHubActionsJob(nameof(DeployProduction), Environment = "production", OnlyOnTags = ["prod/v*"], Permissions = [DeploymentsWrite, PackagesRead])]
[GitHubActionsJob(nameof(Rollback), EnvironmentParameter = nameof(Environment), Permissions = [DeploymentsWrite])]
[GitHubActionsJob(nameof(Release), Environment = "release", OnlyOnBranches = ["main"], Permissions = [ContentsWrite],
    Secrets = [nameof(IPipelineRelease.GitHubToken) + "=RELEASE_TOKEN || GITHUB_TOKEN"])]
internal sealed class PipelineBuild : SlipwayBuild, IPipelineScan, IPipelinePush, IPipelineDeploy, IPipelineRollback, IPipelineRelease
{
    /// <summary>The targets that ran in the last run, in order.</summary>
    public static List<string> Ran { get; } = [];

    [Parameter("Version to release, e.g. 1.4.0")] readonly string? Version;
    [Parameter("Environment to roll back")] readonly PipelineEnvironment? Environment;
    [Parameter("Version (or digest) to roll back to", Name = "To")] public string? RollbackTo { get; init; }

    Target Restore => _ => _.Description("Restore").Executes(() => Ran.Add(nameof(Restore)));

    Target Compile => _ => _.DependsOn(Restore).Executes(() => Ran.Add(nameof(Compile)));

    Target Lint => _ => _.DependsOn(Restore).Executes(() => Ran.Add(nameof(Lint)));

    Target Test => _ => _.DependsOn(Compile).Produces("artifacts/test-results", "artifacts/coverage").Executes(() => Ran.Add(nameof(Test)));

    Target Scan => _ => _.DependsOn(Restore).Produces("artifacts/scan").Executes(() => Ran.Add(nameof(Scan)));

    Target DockerBuild => _ => _.DependsOn(Lint, Test, Scan).Executes(() => Ran.Add(nameof(DockerBuild)));

    Target Push => _ => _.DependsOn(DockerBuild).Produces("artifacts/image.json").Executes(() => Ran.Add(nameof(Push)));

    Target DeployStaging => _ => _.DependsOn(Push).Consumes(Push).Reports("artifacts/incidents").Executes(() => Ran.Add(nameof(DeployStaging)));

    Target DeployProduction => _ => _.DependsOn(Push).Consumes(Push).After(DeployStaging).Reports("artifacts/incidents").Executes(() => Ran.Add(nameof(DeployProduction)));

    Target Rollback => _ => _.Requires(() => Environment).Executes(() => Ran.Add(nameof(Rollback)));

    Target Release => _ => _.Requires(() => Version).Executes(() => Ran.Add(nameof(Release)));

    Target NotifyFailure => _ => _.Executes(() => Ran.Add(nameof(NotifyFailure)));
}

/// <summary>The registry login, declared once with its CI sources, as IHazRegistryCredentials and IHazImage declare theirs.</summary>
internal interface IPipelineRegistry : ISlipwayBuild
{
    [Parameter("Registry password"), Secret, GitHubActionsSecret("GITHUB_TOKEN")]
    string? RegistryPassword => this.GetParameter<string>();

    [Parameter("Registry user name"), GitHubActionsVariable(Default = "github.actor")]
    string? RegistryUsername => this.GetParameter<string>();

    [Parameter("Registry host"), GitHubActionsVariable(Default = "'ghcr.io'")]
    string? Registry => this.GetParameter<string>();

    [Parameter("Image repository"), GitHubActionsVariable(Default = "github.repository")]
    string? ImageRepository => this.GetParameter<string>();
}

/// <summary>What the deploys and the rollback share, as IHazDeployEnvironments declares it.</summary>
internal interface IPipelineEnvironments : ISlipwayBuild
{
    [Parameter("Deploy key"), Secret, GitHubActionsSecret]
    string? DeploySshKey => this.GetParameter<string>();

    [Parameter("Pinned host keys"), GitHubActionsVariable]
    string? DeployKnownHosts => this.GetParameter<string>();

    [Parameter("Docker endpoint"), GitHubActionsVariable]
    string? DockerHost => this.GetParameter<string>();
}

// The components of the pipeline, reduced to what the workflow generator reads: which targets use which parameters.
// The targets themselves are the build class's (above), which names each after its component's.
internal interface IPipelineScan : IPipelineRegistry
{
    [Parameter("Scan the image the registry serves with this tag")]
    string? ScanImageTag => this.GetParameter<string>();

    Target Scan => _ => _;
}

internal interface IPipelinePush : IPipelineRegistry
{
    Target Push => _ => _;
}

internal interface IPipelineDeploy : IPipelinePush, IPipelineEnvironments
{
    Target DeployStaging => _ => _;

    Target DeployProduction => _ => _;
}

internal interface IPipelineRollback : IPipelineEnvironments
{
    Target Rollback => _ => _;
}

internal interface IPipelineRelease : ISlipwayBuild
{
    [Parameter("GitHub token"), Secret, GitHubActionsSecret("GITHUB_TOKEN")]
    string? GitHubToken => this.GetParameter<string>();

    Target Release => _ => _;
}
