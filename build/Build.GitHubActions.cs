using Slipway.Delivery.Components;
using Slipway.Engine;
using static Slipway.Engine.GitHubTokenAccess;

// The CI workflows generated from this build (./build.sh --generate-workflows writes .github/workflows; CI fails when
// the committed files drift from these attributes). What each job needs beyond its target (permissions, environments)
// is declared per target below; the secrets and variables a job's targets use come from their components
// ([GitHubActionsSecret]/[GitHubActionsVariable] on the parameters), overridden here by parameter name where this
// pipeline differs. docs/workflows.md explains the GitHub-side setup.
[GitHubActions("ci", OnPushBranches = ["main", "develop", "release/*", "hotfix/*"], OnPullRequestBranches = ["main", "develop"],
    InvokedTargets = [nameof(DockerBuild)], OnFailureTarget = nameof(NotifyCiFailure))]
[GitHubActions("delivery", OnPushBranches = ["main"], OnPushTags = ["prod/v*"], SkipTargets = [nameof(Lint), nameof(Test), nameof(Scan)],
    InvokedTargets = [nameof(DeployStaging), nameof(DeployProduction)], OnFailureTarget = nameof(NotifyCiFailure))]
// pull_request, not pull_request_target: the job compiles and runs the pull request's own build code, which must never
// see a token that can write (a fork's pull request gets a read-only one).
[GitHubActions("pull-request", OnPullRequestBranches = ["main", "develop"], InvokedTargets = [nameof(CheckPullRequest)])]
[GitHubActions("release", OnWorkflowDispatch = true, InvokedTargets = [nameof(Release)])]
[GitHubActions("rollback", OnWorkflowDispatchOptionalInputs = ["version=" + nameof(IRollback.RollbackTo), nameof(IRollback.RestoreDatabase)], InvokedTargets = [nameof(Rollback)])]
// Environment management (seed 004): one workflow started by hand, an action per operation on the environments; each
// action's job keeps its own environment and approvals (production's rollback waits for its reviewers), and promote
// runs when started from a prod/v* tag. GitHub allows ten inputs: Monitor's thresholds come from the environment's
// variables (MAX_ERROR_RATE, MAX_RESPONSE_TIME, MIN_AVAILABILITY) instead, and one turn_on box says on (checked) or off.
[GitHubActions("environments", OnWorkflowDispatchAction = true, InvokedTargets = [nameof(Promote), nameof(Rollback), nameof(Maintenance), nameof(Monitor), nameof(Scale)],
    OnWorkflowDispatchOptionalInputs = ["version=" + nameof(IRollback.RollbackTo), nameof(IRollback.RestoreDatabase),
        "turn_on=" + nameof(IMaintenance.MaintenanceOn), nameof(IScale.Replicas),
        "message=" + nameof(IMaintenance.MaintenanceMessage), "duration=" + nameof(IHazDeployEnvironments.Duration),
        nameof(IMonitor.Interval), nameof(IMonitor.RollbackOnBreach)])]
// The hotfix fast path (seeds 002, 004): a fix on hotfix/* gets the gates that judge a fix (lint, test; the long scan is
// left to the nightly security.yml), its image, staging (production takes only what staging verified), then
// production's canary (10/25/50 %, each judged, then everyone) behind its reviewers, and Monitor watching the full
// rollout with a rollback on a breach. Production refuses a pre-release: its jobs deploy the commit Release tagged.
[GitHubActions("hotfix", OnPushBranches = ["hotfix/*"], SkipTargets = [nameof(Scan)],
    InvokedTargets = [nameof(Push), nameof(Deploy), nameof(Monitor)])]
// The pipeline's self-test (seed 004's pipeline-test.yml): every Monday the whole path — gates, image, then Rehearse on
// staging (the current version, a broken build of it rolled back automatically, rollbacks by hand); by hand, a type
// picks a part: the gates alone, delivery alone (no gates), or the rollbacks alone against what staging serves (Rehearse
// takes the live image when no Push ran).
[GitHubActions("pipeline-test", OnCronSchedule = "41 4 * * 1", OnWorkflowDispatchAction = true, InvokedTargets = [nameof(Push), nameof(Rehearse)],
    ActionInput = "type", ActionDefault = "full",
    ActionOptions = [$"full={nameof(Lint)},{nameof(Test)},{nameof(Scan)},{nameof(Push)},{nameof(Rehearse)}", $"ci-only={nameof(Lint)},{nameof(Test)},{nameof(Scan)}",
        $"cd-only={nameof(Push)},{nameof(Rehearse)}", $"rollback-only={nameof(Rehearse)}"],
    OnFailureTarget = nameof(NotifyCiFailure))]
[GitHubActions("security", OnCronSchedule = "17 3 * * *", OnWorkflowDispatch = true, InvokedTargets = [nameof(Scan)], OnFailureTarget = nameof(NotifyCiFailure))]
// Weekly grouped updates of NuGet and the workflows' actions. Not the Dockerfile: it takes its base images from build
// arguments (so tests build from local stand-ins), which Dependabot cannot follow; base-pins below refreshes those.
[GitHubDependabot]
// The Dockerfile's base images by digest: every Monday RefreshBasePins asks the registries what the pinned tags name now
// and opens a pull request when a digest moved. PINS_TOKEN (a PAT or App token), when set, makes that pull request
// start the ci and pull-request checks, which a pull request opened with the built-in token does not.
[GitHubActions("base-pins", OnCronSchedule = "29 5 * * 1", OnWorkflowDispatch = true, InvokedTargets = [nameof(RefreshBasePins)])]
[GitHubActionsJob(nameof(RefreshBasePins), Permissions = [ContentsWrite, PullRequestsWrite],
    Secrets = [nameof(IHazGitHub.GitHubToken) + "=PINS_TOKEN || GITHUB_TOKEN"], Variables = [nameof(IRefreshBasePins.OpenPullRequest) + "='true'"])]
[GitHubActionsJob(nameof(Lint))]
[GitHubActionsJob(nameof(Test))]
[GitHubActionsJob(nameof(Scan), Permissions = [SecurityEventsWrite], CodeScanningResults = "artifacts/scan")]
[GitHubActionsJob(nameof(Scan), Workflow = "security", Permissions = [SecurityEventsWrite, PackagesRead], CodeScanningResults = "artifacts/scan",
    SetupSteps = [GitHubActionsSetup.Trivy], Variables = [nameof(IScan.ScanImageTag) + "=SCAN_IMAGE_TAG || 'main'"])]
// Push triggers Attest (the scan record, SBOM and provenance of the digest), which runs trivy.
[GitHubActionsJob(nameof(Push), OnlyOnBranches = ["main"], Permissions = [PackagesWrite], SetupSteps = [GitHubActionsSetup.Trivy])]
[GitHubActionsJob(nameof(Push), Workflow = "hotfix", Permissions = [PackagesWrite], SetupSteps = [GitHubActionsSetup.Trivy])]
[GitHubActionsJob(nameof(Deploy), Workflow = "hotfix", ForEachValueOf = nameof(Environment), Permissions = [DeploymentsWrite, PackagesRead],
    Secrets = [nameof(DatabaseUrl), nameof(JwtSigningKey)])]
// Watches production after its canary completed; the window and thresholds come from production's variables.
[GitHubActionsJob(nameof(Monitor), Workflow = "hotfix", Environment = "production", Needs = [nameof(Deploy)], Permissions = [DeploymentsWrite],
    Variables = [nameof(Environment) + "='production'", nameof(IMonitor.RollbackOnBreach) + "='true'",
        nameof(IHazDeployEnvironments.Duration) + "=HOTFIX_MONITOR_DURATION || '5m'", nameof(IMonitor.Interval) + "=HOTFIX_MONITOR_INTERVAL || '30s'"])]
// Rehearse deploys to staging and pushes the broken build beside the current image.
[GitHubActionsJob(nameof(Rehearse), Environment = "staging", OnlyOnBranches = ["main"], Permissions = [DeploymentsWrite, PackagesWrite],
    Secrets = [nameof(DatabaseUrl), nameof(JwtSigningKey)])]
[GitHubActionsJob(nameof(DeployStaging), Environment = "staging", OnlyOnBranches = ["main"], Permissions = [DeploymentsWrite, PackagesRead],
    Secrets = [nameof(DatabaseUrl), nameof(JwtSigningKey)])]
// Promote runs in no environment (it deploys nothing) and reads staging's deploy log on staging's host: that host comes
// from the repository variable STAGING_DOCKER_HOST, the key and host keys from repository-level settings (docs/workflows.md).
[GitHubActionsJob(nameof(Promote), OnlyOnTags = ["prod/v*"], Permissions = [PackagesWrite],
    Variables = [nameof(IHazDeployEnvironments.DockerHost) + "=STAGING_DOCKER_HOST"])]
[GitHubActionsJob(nameof(DeployProduction), Environment = "production", OnlyOnTags = ["prod/v*"], Permissions = [DeploymentsWrite, PackagesRead],
    Secrets = [nameof(DatabaseUrl), nameof(JwtSigningKey)])]
[GitHubActionsJob(nameof(Rollback), EnvironmentParameter = nameof(Environment), Permissions = [DeploymentsWrite], Secrets = [nameof(DatabaseUrl), nameof(JwtSigningKey)])]
// Maintenance changes what users see: it runs in the chosen environment, behind its approvals, with its host's key.
[GitHubActionsJob(nameof(Maintenance), EnvironmentParameter = nameof(Environment))]
// Monitor only reads, but --rollback-on-breach rolls back: it runs where Rollback does.
[GitHubActionsJob(nameof(Monitor), EnvironmentParameter = nameof(Environment), Permissions = [DeploymentsWrite])]
// Scale changes what serves: in the chosen environment, behind its approvals; new replicas get the app's secrets like a deploy's containers.
[GitHubActionsJob(nameof(Scale), EnvironmentParameter = nameof(Environment), Secrets = [nameof(DatabaseUrl), nameof(JwtSigningKey)])]
[GitHubActionsJob(nameof(Release), Environment = "release", OnlyOnBranches = ["main"], Permissions = [ContentsWrite],
    Secrets = [nameof(IRelease.GitHubToken) + "=RELEASE_TOKEN || GITHUB_TOKEN"])]
sealed partial class Build;
