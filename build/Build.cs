using Slipway.Delivery.Components;
using Slipway.Engine;
using static Slipway.Engine.GitHubTokenAccess;

/// <summary>
/// The pipeline: which targets exist, in which order, with which parameters, and which CI workflows run them
/// (./build.sh --generate-workflows writes .github/workflows; docs/workflows.md). Stage logic lives in the components
/// (src/Slipway.Delivery); stages whose issues have not landed fail with "not implemented yet" rather than pretend.
/// </summary>
[GitHubActions("ci", OnPushBranches = ["main", "develop", "release/*", "hotfix/*"], OnPullRequestBranches = ["main", "develop"],
    InvokedTargets = [nameof(DockerBuild)])]
[GitHubActions("delivery", OnPushBranches = ["main"], OnPushTags = ["prod/v*"], SkipTargets = [nameof(Lint), nameof(Test), nameof(Scan)],
    InvokedTargets = [nameof(DeployStaging), nameof(DeployProduction)])]
[GitHubActions("release", OnWorkflowDispatch = true, InvokedTargets = [nameof(Release)])]
[GitHubActions("rollback", OnWorkflowDispatchOptionalInputs = [nameof(IRelease.ReleaseVersion)], InvokedTargets = [nameof(Rollback)])]
[GitHubActions("security", OnCronSchedule = "17 3 * * *", OnWorkflowDispatch = true, InvokedTargets = [nameof(Scan)])]
[GitHubActionsJob(nameof(Lint))]
[GitHubActionsJob(nameof(Test))]
[GitHubActionsJob(nameof(Scan), Permissions = [SecurityEventsWrite], CodeScanningResults = "artifacts/scan")]
[GitHubActionsJob(nameof(Scan), Workflow = "security", Permissions = [SecurityEventsWrite, PackagesRead], CodeScanningResults = "artifacts/scan",
    Secrets = ["REGISTRY_PASSWORD=GITHUB_TOKEN"],
    Variables = ["REGISTRY_USERNAME=github.actor", "REGISTRY=REGISTRY || 'ghcr.io'", "IMAGE_REPOSITORY=IMAGE_REPOSITORY || github.repository"])]
[GitHubActionsJob(nameof(Push), Permissions = [PackagesWrite], Secrets = ["REGISTRY_PASSWORD=GITHUB_TOKEN"],
    Variables = ["REGISTRY_USERNAME=github.actor", "REGISTRY=REGISTRY || 'ghcr.io'", "IMAGE_REPOSITORY=IMAGE_REPOSITORY || github.repository"])]
[GitHubActionsJob(nameof(DeployStaging), Environment = "staging", OnlyOnBranches = ["main"], Permissions = [DeploymentsWrite, PackagesRead],
    Secrets = ["DEPLOY_SSH_KEY", "REGISTRY_PASSWORD=GITHUB_TOKEN"], Variables = ["DOCKER_HOST", "REGISTRY_USERNAME=github.actor"])]
[GitHubActionsJob(nameof(DeployProduction), Environment = "production", OnlyOnTags = ["prod/v*"], Permissions = [DeploymentsWrite, PackagesRead],
    Secrets = ["DEPLOY_SSH_KEY", "REGISTRY_PASSWORD=GITHUB_TOKEN"], Variables = ["DOCKER_HOST", "REGISTRY_USERNAME=github.actor"])]
[GitHubActionsJob(nameof(Rollback), EnvironmentParameter = nameof(Environment), Permissions = [DeploymentsWrite],
    Secrets = ["DEPLOY_SSH_KEY"], Variables = ["DOCKER_HOST"])]
[GitHubActionsJob(nameof(Release), Permissions = [ContentsWrite], Secrets = ["GITHUB_TOKEN=RELEASE_TOKEN || GITHUB_TOKEN"])]
sealed partial class Build : SlipwayBuild, IRestore, ICompile, ITest, IVersion, ILocalInfra, IDockerBuild, IPush, IRelease
{
    public static int Main() => Execute<Build>(x => x.Test);

    [Parameter("Environment to deploy to or roll back")] readonly DeployEnvironment? Environment;

    Target Restore => _ => _.Inherit<IRestore>();
    Target Compile => _ => _.Inherit<ICompile>();
    Target Lint => _ => _
        .Description("Check formatting, analyzers and shell scripts")
        .DependsOn(Restore)
        .Executes(() => NotImplementedYet(nameof(Lint), 4));
    Target Test => _ => _.Inherit<ITest>();
    Target Scan => _ => _
        .Description("Static security analysis, vulnerable and denied dependencies, secrets")
        .DependsOn(Restore)
        .Executes(() => NotImplementedYet(nameof(Scan), 4));
    Target DockerBuild => _ => _.Inherit<IDockerBuild>().DependsOn(Lint, Test, Scan);
    Target Push => _ => _.Inherit<IPush>();
    Target DeployStaging => _ => _
        .Description("Deploy the pushed image to staging with zero downtime")
        .DependsOn(Push)
        .Executes(() => NotImplementedYet(nameof(DeployStaging), 8));
    Target DeployProduction => _ => _
        .Description("Deploy the released image to production")
        .DependsOn(Push)
        .After(DeployStaging)
        .Executes(() => NotImplementedYet(nameof(DeployProduction), 8));
    Target Rollback => _ => _
        .Description("Switch an environment back to a retained version")
        .Requires(() => Environment)
        .Executes(() => NotImplementedYet(nameof(Rollback), 8));
    Target Release => _ => _.Inherit<IRelease>();

    static void NotImplementedYet(string target, int issue) =>
        throw new BuildFailedException($"{target} is not implemented yet (issue #{issue}).");
}
