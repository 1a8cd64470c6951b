using Slipway.Delivery.Components;
using Slipway.Engine;
using static Slipway.Engine.GitHubTokenAccess;

// The CI workflows generated from this build: ./build.sh --generate-workflows writes .github/workflows; commit them and
// run it again after changing these attributes. docs/workflows.md in Slipway explains the GitHub side (environments,
// secrets, variables).
[GitHubActions("ci", OnPushBranches = ["main"], OnPullRequestBranches = ["main"], InvokedTargets = [nameof(DockerBuild)])]
[GitHubActions("delivery", OnPushBranches = ["main"], OnPushTags = ["prod/v*"], SkipTargets = [nameof(Lint), nameof(Test)],
    InvokedTargets = [nameof(DeployStaging), nameof(DeployProduction)])]
[GitHubActions("rollback", OnWorkflowDispatchOptionalInputs = ["version=" + nameof(IRollback.RollbackTo)], InvokedTargets = [nameof(Rollback)])]
[GitHubActionsJob(nameof(Push), OnlyOnBranches = ["main"], Permissions = [PackagesWrite])]
[GitHubActionsJob(nameof(DeployStaging), Environment = "staging", OnlyOnBranches = ["main"], Permissions = [DeploymentsWrite, PackagesRead])]
// Promote deploys nothing: it reads staging's deploy log on staging's host (the repository variable STAGING_DOCKER_HOST).
[GitHubActionsJob(nameof(Promote), OnlyOnTags = ["prod/v*"], Permissions = [PackagesWrite],
    Variables = [nameof(IHazDeployEnvironments.DockerHost) + "=STAGING_DOCKER_HOST"])]
[GitHubActionsJob(nameof(DeployProduction), Environment = "production", OnlyOnTags = ["prod/v*"], Permissions = [DeploymentsWrite, PackagesRead])]
[GitHubActionsJob(nameof(Rollback), EnvironmentParameter = nameof(IHazDeployEnvironments.Environment), Permissions = [DeploymentsWrite])]
sealed partial class Build;
