using Slipway.Delivery.Components;
using Slipway.Engine;
using static Slipway.Engine.GitHubTokenAccess;

// The CI workflows generated from this build (./build.sh --generate-workflows writes .github/workflows; CI fails when
// the committed files drift from these attributes). What each job needs beyond its target (permissions, secrets,
// environments) is declared per target below. docs/workflows.md explains the GitHub-side setup.
[GitHubActions("ci", OnPushBranches = ["main", "develop", "release/*", "hotfix/*"], OnPullRequestBranches = ["main", "develop"],
    InvokedTargets = [nameof(DockerBuild)])]
[GitHubActions("delivery", OnPushBranches = ["main"], OnPushTags = ["prod/v*"], SkipTargets = [nameof(Lint), nameof(Test), nameof(Scan)],
    InvokedTargets = [nameof(DeployStaging), nameof(DeployProduction)])]
[GitHubActions("release", OnWorkflowDispatch = true, InvokedTargets = [nameof(Release)])]
[GitHubActions("rollback", OnWorkflowDispatchOptionalInputs = ["version=" + nameof(IRollback.RollbackTo)], InvokedTargets = [nameof(Rollback)])]
[GitHubActions("security", OnCronSchedule = "17 3 * * *", OnWorkflowDispatch = true, InvokedTargets = [nameof(Scan)])]
[GitHubActionsJob(nameof(Lint))]
[GitHubActionsJob(nameof(Test))]
[GitHubActionsJob(nameof(Scan), Permissions = [SecurityEventsWrite], CodeScanningResults = "artifacts/scan")]
[GitHubActionsJob(nameof(Scan), Workflow = "security", Permissions = [SecurityEventsWrite, PackagesRead], CodeScanningResults = "artifacts/scan",
    SetupSteps = [GitHubActionsSetup.Trivy], Secrets = ["REGISTRY_PASSWORD=GITHUB_TOKEN"],
    Variables = ["REGISTRY_USERNAME=github.actor", "REGISTRY=REGISTRY || 'ghcr.io'", "IMAGE_REPOSITORY=IMAGE_REPOSITORY || github.repository",
        "SCAN_IMAGE_TAG=SCAN_IMAGE_TAG || 'main'"])]
[GitHubActionsJob(nameof(Push), OnlyOnBranches = ["main"], Permissions = [PackagesWrite], Secrets = ["REGISTRY_PASSWORD=GITHUB_TOKEN"],
    Variables = ["REGISTRY_USERNAME=github.actor", "REGISTRY=REGISTRY || 'ghcr.io'", "IMAGE_REPOSITORY=IMAGE_REPOSITORY || github.repository"])]
[GitHubActionsJob(nameof(DeployStaging), Environment = "staging", OnlyOnBranches = ["main"], Permissions = [DeploymentsWrite, PackagesRead],
    Secrets = ["DEPLOY_SSH_KEY", "REGISTRY_PASSWORD=GITHUB_TOKEN"], Variables = ["DOCKER_HOST", "REGISTRY_USERNAME=github.actor"])]
// Promote reads staging's deploy log, so it reaches staging's host through repository-level settings (docs/workflows.md).
[GitHubActionsJob(nameof(Promote), OnlyOnTags = ["prod/v*"], Permissions = [PackagesWrite],
    Secrets = ["DEPLOY_SSH_KEY", "REGISTRY_PASSWORD=GITHUB_TOKEN"], Variables = ["SLIPWAY_STAGING_DOCKER_HOST=STAGING_DOCKER_HOST", "REGISTRY_USERNAME=github.actor"])]
[GitHubActionsJob(nameof(DeployProduction), Environment = "production", OnlyOnTags = ["prod/v*"], Permissions = [DeploymentsWrite, PackagesRead],
    Secrets = ["DEPLOY_SSH_KEY", "REGISTRY_PASSWORD=GITHUB_TOKEN"], Variables = ["DOCKER_HOST", "REGISTRY_USERNAME=github.actor"])]
[GitHubActionsJob(nameof(Rollback), EnvironmentParameter = nameof(Environment), Permissions = [DeploymentsWrite],
    Secrets = ["DEPLOY_SSH_KEY"], Variables = ["DOCKER_HOST"])]
[GitHubActionsJob(nameof(Release), Environment = "release", OnlyOnBranches = ["main"], Permissions = [ContentsWrite], Secrets = ["GITHUB_TOKEN=RELEASE_TOKEN || GITHUB_TOKEN"])]
sealed partial class Build;
