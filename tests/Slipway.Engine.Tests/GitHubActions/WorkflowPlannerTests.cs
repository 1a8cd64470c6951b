using Slipway.Engine.GitHubActions;

namespace Slipway.Engine.Tests.GitHubActions;

/// <summary>How workflows follow the target graph: jobs, needs, skips, artifacts, inputs, permissions, secrets.</summary>
public sealed class WorkflowPlannerTests
{
    private static JobPlan Job(string workflow, string id) => Workflows.Plan<PipelineBuild>(workflow).Jobs.Single(j => j.Id == id);

    private static string[] Names(IEnumerable<ExecutableTarget> targets) => [.. targets.Select(t => t.Name)];

    [Test]
    public void Ci_runs_lint_test_and_scan_in_parallel_and_docker_build_after_all_three()
    {
        var ci = Workflows.Plan<PipelineBuild>("ci");
        Assert.That(ci.Jobs.Select(j => j.Id), Is.EqualTo(new[] { "lint", "test", "scan", "docker-build", "notify-failure" }));
        Assert.That(ci.Jobs.Take(3).Select(j => j.Needs.Count), Is.All.EqualTo(0));
        Assert.That(Job("ci", "docker-build").Needs, Is.EqualTo(new[] { "lint", "test", "scan" }));
    }

    [Test]
    public void A_job_skips_what_upstream_jobs_did_and_runs_its_own_unshared_dependencies()
    {
        Assert.That(Job("ci", "test").Command, Is.EqualTo("./build.cmd Test"));
        Assert.That(Names(Job("ci", "test").Runs), Is.EqualTo(new[] { "Restore", "Compile", "Test" }));
        Assert.That(Names(Job("ci", "lint").Runs), Is.EqualTo(new[] { "Restore", "Lint" }));
        Assert.That(Job("ci", "docker-build").Command, Is.EqualTo("./build.cmd DockerBuild --skip Lint Test Scan"));
        Assert.That(Names(Job("ci", "docker-build").Runs), Is.EqualTo(new[] { "DockerBuild" }));
    }

    [Test]
    public void Delivery_trusts_ci_for_checks_builds_and_pushes_once_and_deploys_by_event()
    {
        var delivery = Workflows.Plan<PipelineBuild>("delivery");
        Assert.That(delivery.Jobs.Select(j => j.Id), Is.EqualTo(new[] { "push", "deploy-staging", "deploy-production" }));
        var push = Job("delivery", "push");
        Assert.That(push.Command, Is.EqualTo("./build.cmd Push --skip Lint Test Scan"));
        Assert.That(Names(push.Runs), Is.EqualTo(new[] { "DockerBuild", "Push" }));
        Assert.That(push.Needs, Is.Empty);

        var staging = Job("delivery", "deploy-staging");
        Assert.That(staging.Needs, Is.EqualTo(new[] { "push" }));
        Assert.That(staging.Command, Is.EqualTo("./build.cmd DeployStaging --skip Push"));
        Assert.That(staging.Settings.Condition, Is.EqualTo("github.ref == 'refs/heads/main'"));
        Assert.That(staging.Settings.EnvironmentName, Is.EqualTo("staging"));
        Assert.That(staging.Settings.EnvironmentUrl, Is.EqualTo("${{ vars.STAGING_URL }}"));
        Assert.That(staging.Settings.ConcurrencyGroup, Is.EqualTo("environment-staging"));

        var production = Job("delivery", "deploy-production");
        Assert.That(production.Needs, Is.EqualTo(new[] { "push" }), "After(DeployStaging) orders; it does not make production wait for a skipped staging job");
        Assert.That(production.Settings.Condition, Is.EqualTo("startsWith(github.ref, 'refs/tags/prod/v')"));
        Assert.That(production.Settings.ConcurrencyGroup, Is.EqualTo("environment-production"));
    }

    [Test]
    public void Produced_paths_are_uploaded_and_consumers_download_them_where_the_producer_wrote_them()
    {
        var test = Job("ci", "test");
        Assert.That(test.Uploads.Select(u => (u.Name, u.Path)), Is.EqualTo(new[] { ("test-results", "artifacts/test-results"), ("coverage", "artifacts/coverage") }));
        var push = Job("delivery", "push");
        Assert.That(push.Uploads.Single().Name, Is.EqualTo("image-json"));
        var staging = Job("delivery", "deploy-staging");
        Assert.That(staging.Downloads.Select(d => (d.Name, d.DownloadPath)), Is.EqualTo(new[] { ("image-json", "artifacts") }));
        Assert.That(Job("ci", "docker-build").Downloads, Is.Empty);
    }

    [Test]
    public void Reports_are_uploaded_by_their_own_job_under_names_that_do_not_clash_and_never_downloaded()
    {
        var delivery = Workflows.Plan<PipelineBuild>("delivery");

        Assert.That(delivery.Jobs.Select(j => (j.Id, Reports: string.Join(' ', j.Reports.Select(r => $"{r.Name}={r.Path}")))), Is.EqualTo(new[]
        {
            ("push", ""),
            ("deploy-staging", "incidents=artifacts/incidents"),
            ("deploy-production", "deploy-production-incidents=artifacts/incidents"),
        }));
        Assert.That(delivery.Jobs.SelectMany(j => j.Downloads).Select(d => d.Path), Has.None.EqualTo("artifacts/incidents"));
        Assert.That(Workflows.Content<PipelineBuild>("delivery"), Does.Contain("""
                  - name: Upload incidents
                    if: ${{ !cancelled() }}
            """).And.Contain("""
                      path: artifacts/incidents
                      if-no-files-found: ignore
            """), "uploaded after a failure too, and no warning when there was nothing to report");
    }

    [Test]
    public void The_on_failure_target_runs_after_every_job_only_when_one_failed_on_the_default_branch_and_reads_their_results()
    {
        var ci = Workflows.Plan<PipelineBuild>("ci");
        var notify = ci.Jobs[^1];

        Assert.Multiple(() =>
        {
            Assert.That(notify.Id, Is.EqualTo("notify-failure"));
            Assert.That(notify.Needs, Is.EqualTo(new[] { "lint", "test", "scan", "docker-build" }));
            Assert.That(notify.Command, Is.EqualTo("./build.cmd NotifyFailure"));
            Assert.That(notify.Settings.Condition, Is.EqualTo("failure() && (github.event_name == 'schedule' || github.ref_name == github.event.repository.default_branch)"));
            Assert.That(Workflows.Content<PipelineBuild>("ci"), Does.Contain("GITHUB_NEEDS: ${{ toJSON(needs) }}"));
            Assert.That(Workflows.Plan<PipelineBuild>("delivery").Jobs.Select(j => j.Id), Has.None.EqualTo("notify-failure"), "only where declared");
        });
    }

    [Test]
    public void Required_inputs_come_from_what_targets_require_and_enums_become_choices()
    {
        var release = Workflows.Plan<PipelineBuild>("release");
        Assert.That(release.Inputs.Select(i => (i.Name, i.Required)), Is.EqualTo(new[] { ("version", true) }));
        Assert.That(release.Jobs.Single().Settings.Permissions, Does.Contain(new KeyValuePair<string, string>("contents", "write")));

        var rollback = Workflows.Plan<PipelineBuild>("rollback");
        Assert.That(rollback.Inputs.Select(i => (i.Name, i.Required)), Is.EqualTo(new[] { ("environment", true), ("version", false) }));
        var yaml = Workflows.Content<PipelineBuild>("rollback");
        Assert.That(yaml, Does.Contain("type: choice\n        options:\n          - staging\n          - production"));
        Assert.That(yaml, Does.Contain("run: ./build.cmd Rollback --environment \"$INPUT_ENVIRONMENT\" ${INPUT_VERSION:+--to \"$INPUT_VERSION\"}"));
        Assert.That(yaml, Does.Contain("name: ${{ inputs.environment }}").And.Contain("group: environment-${{ inputs.environment }}"));
    }

    [Test]
    public void An_input_can_be_named_apart_from_the_parameter_it_fills()
    {
        var rollback = Workflows.Plan<PipelineBuild>("rollback");
        var version = rollback.Inputs.Single(i => i.Name == "version");
        Assert.That(version.Parameter.OptionName, Is.EqualTo("--to"));
        Assert.That(version.VariableName, Is.EqualTo("INPUT_VERSION"));
        Assert.That(version.Required, Is.False);
        var yaml = Workflows.Content<PipelineBuild>("rollback");
        Assert.That(yaml, Does.Contain("      version:\n        description: Version (or digest) to roll back to\n        required: false\n        type: string\n"));
        Assert.That(yaml, Does.Contain("INPUT_VERSION: ${{ inputs.version }}").And.Not.Contain("inputs.to"));
    }

    [Test]
    public void A_renamed_parameter_that_a_target_requires_stays_required_under_its_new_name()
    {
        var ci = Workflows.Plan<RenamedRequiredInputBuild>("ci");
        Assert.That(ci.Inputs.Select(i => (i.Name, i.Required, i.Parameter.OptionName)), Is.EqualTo(new[] { ("release", true, "--version") }));
        Assert.That(Workflows.Content<RenamedRequiredInputBuild>("ci"), Does.Contain("run: ./build.cmd Ship --version \"$INPUT_RELEASE\""));
    }

    [Test]
    public void A_job_installs_its_declared_tools_with_pinned_actions_after_dotnet_and_before_its_build_step()
    {
        var scan = Job("security", "scan");
        var trivy = scan.Settings.SetupSteps.Single();
        Assert.That(trivy.Action, Is.EqualTo(ActionPins.SetupTrivy));
        Assert.That(trivy.Action.Sha, Does.Match("^[0-9a-f]{40}$"));
        Assert.That(trivy.With.Select(w => (w.Key, w.Value.Value)), Is.EqualTo(new[] { ("version", ActionPins.TrivyVersion), ("cache", "true") }));
        Assert.That(ActionPins.TrivyVersion, Does.Match(@"^v\d+\.\d+\.\d+$"), "a pinned trivy release, never latest");
        Assert.That(Job("ci", "scan").Settings.SetupSteps, Is.Empty, "the declaration for security only installs trivy there");

        var yaml = Workflows.Content<PipelineBuild>("security");
        Assert.That(yaml, Does.Contain($"""
                  - name: Install trivy {ActionPins.TrivyVersion}
                    uses: aquasecurity/setup-trivy@{ActionPins.SetupTrivy.Sha} # {ActionPins.SetupTrivy.Version}
                    with:
                      version: {ActionPins.TrivyVersion}
                      cache: true
                  - name: Scan
                    run: ./build.cmd Scan
            """.ReplaceLineEndings("\n")));
        Assert.That(yaml.IndexOf("actions/cache@", StringComparison.Ordinal), Is.LessThan(yaml.IndexOf("aquasecurity/setup-trivy@", StringComparison.Ordinal)));
        Assert.That(Workflows.Content<PipelineBuild>("ci"), Does.Not.Contain("setup-trivy"));
    }

    [Test]
    public void Secrets_reach_only_the_jobs_whose_targets_use_them_and_only_their_build_step()
    {
        // Declared once on the components (IPipelineRegistry, IPipelineEnvironments, IPipelineRelease), issue 18 §4.
        var withSecrets = Workflows.Plan<PipelineBuild>()
            .SelectMany(w => w.Jobs.Where(j => j.Settings.Secrets.Count > 0).Select(j => $"{w.Name}/{j.Id}"));
        Assert.That(withSecrets, Is.EquivalentTo(new[]
        {
            "ci/scan", "delivery/push", "delivery/deploy-staging", "delivery/deploy-production", "release/release", "rollback/rollback", "security/scan",
        }));
        var ci = Workflows.Content<PipelineBuild>("ci");
        Assert.That(ci.Split("secrets.").Length - 1, Is.EqualTo(1), "only the scan, whose component uses the registry login");
        Assert.That(Workflows.Content<PipelineBuild>("delivery"), Does.Contain("""
                    run: ./build.cmd Push --skip Lint Test Scan
                    env:
                      REGISTRY_PASSWORD: ${{ secrets.GITHUB_TOKEN }}
                      REGISTRY_USERNAME: ${{ vars.REGISTRY_USERNAME || github.actor }}
                      REGISTRY: ${{ vars.REGISTRY || 'ghcr.io' }}
                      IMAGE_REPOSITORY: ${{ vars.IMAGE_REPOSITORY || github.repository }}
            """.ReplaceLineEndings("\n")));
        var release = Workflows.Content<PipelineBuild>("release");
        Assert.That(release, Does.Contain("GITHUB_TOKEN: ${{ secrets.RELEASE_TOKEN || secrets.GITHUB_TOKEN }}"));
    }

    [Test]
    public void Permissions_are_least_privilege_per_job()
    {
        string Permissions(string workflow, string job) =>
            string.Join(", ", Job(workflow, job).Settings.Permissions.Select(p => $"{p.Key}: {p.Value}"));
        Assert.That(Permissions("ci", "lint"), Is.EqualTo("contents: read"));
        Assert.That(Permissions("ci", "docker-build"), Is.EqualTo("contents: read"));
        Assert.That(Permissions("ci", "scan"), Is.EqualTo("actions: read, contents: read, security-events: write"));
        Assert.That(Permissions("security", "scan"), Is.EqualTo("actions: read, contents: read, packages: read, security-events: write"));
        Assert.That(Permissions("delivery", "push"), Is.EqualTo("contents: read, packages: write"));
        Assert.That(Permissions("delivery", "deploy-staging"), Is.EqualTo("contents: read, deployments: write, packages: read"));
        Assert.That(Permissions("release", "release"), Is.EqualTo("contents: write"));
        Assert.That(Workflows.Content<PipelineBuild>("ci"), Does.Contain("persist-credentials: false"));
        Assert.That(Workflows.Content<PipelineBuild>("release"), Does.Not.Contain("persist-credentials")
            .And.Contain("          token: ${{ secrets.RELEASE_TOKEN || secrets.GITHUB_TOKEN }}\n"), "the release pushes with its declared token");
    }

    [Test]
    public void Job_timeouts_default_to_the_workflow_and_can_be_overridden()
    {
        Assert.That(Job("ci", "lint").Settings.TimeoutMinutes, Is.EqualTo(30));
        Assert.That(Job("ci", "test").Settings.TimeoutMinutes, Is.EqualTo(45));
    }

    [Test]
    public void A_component_declares_its_job_and_the_build_overrides_it_for_one_workflow()
    {
        var ci = Workflows.Plan<ComponentJobBuild>("ci");
        var package = ci.Jobs.Single(j => j.Id == "package");
        Assert.That(package.Settings.TimeoutMinutes, Is.EqualTo(12));
        Assert.That(package.Settings.Permissions, Does.Contain(new KeyValuePair<string, string>("packages", "write")));
        Assert.That(ci.Jobs.Single(j => j.Id == "publish").Command, Is.EqualTo("./build.cmd Publish --skip Package"));

        var nightly = Workflows.Plan<ComponentJobBuild>("nightly").Jobs.Single(j => j.Id == "package");
        Assert.That(nightly.Settings.TimeoutMinutes, Is.EqualTo(90));
        Assert.That(nightly.Settings.Permissions.Select(p => p.Key), Is.EqualTo(new[] { "contents" }));
    }

    [Test]
    public void Ci_cancels_superseded_pull_request_runs_only()
    {
        Assert.That(Workflows.Content<PipelineBuild>("ci"), Does.Contain("cancel-in-progress: ${{ github.event_name == 'pull_request' }}"));
        Assert.That(Workflows.Content<PipelineBuild>("delivery"), Does.Not.Contain("github.event_name"));
    }

    private static void AssertDefinitionError<TBuild>(params string[] fragments)
        where TBuild : SlipwayBuild, new() =>
        AssertDefinitionError(typeof(TBuild), fragments);

    private static void AssertDefinitionError(Type build, params string[] fragments)
    {
        var exception = Assert.Throws<BuildDefinitionException>(() => Workflows.Generate(build));
        Assert.That(exception!.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
        foreach (var fragment in fragments)
        {
            Assert.That(exception.Message, Does.Contain(fragment));
        }
    }

    [Test]
    public void An_unknown_invoked_target_is_named_with_the_known_ones() =>
        AssertDefinitionError<UnknownInvokedTargetBuild>("InvokedTargets names 'Shipp', which is not a target", "Known targets: Build, Ship");

    [Test]
    public void An_on_failure_target_that_depends_on_others_is_refused() =>
        AssertDefinitionError<DependentFailureTargetBuild>("the OnFailureTarget Ship depends on other targets");

    [Test]
    public void An_on_failure_target_that_is_also_a_job_is_refused() =>
        AssertDefinitionError<FailureTargetIsAJobBuild>("Build is the OnFailureTarget, so it cannot also be one of the workflow's jobs");

    [Test]
    public void Duplicate_workflow_names_are_refused() =>
        AssertDefinitionError<DuplicateWorkflowBuild>("Workflow 'ci' is declared 2 times");

    [Test]
    public void A_workflow_without_a_trigger_is_refused() =>
        AssertDefinitionError<NoTriggerBuild>("has no trigger");

    [Test]
    public void A_secret_parameter_cannot_be_an_input() =>
        AssertDefinitionError<SecretInputBuild>("parameter Token is a secret and cannot be a workflow input");

    [Test]
    public void A_secret_override_that_binds_to_no_parameter_of_the_job_is_refused_naming_the_valid_ones() =>
        AssertDefinitionError<BadSecretBuild>("Secrets names 'Tokn', which is no parameter of this job's targets", "this job's parameters: Version, Token.");

    [Test]
    public void A_secret_parameter_cannot_come_from_a_variable() =>
        AssertDefinitionError<SecretFromVariableBuild>("Token is a [Secret] parameter; it can come from secrets only");

    [Test]
    public void A_parameter_fed_by_a_GitHub_secret_must_be_a_secret_itself() =>
        AssertDefinitionError<UnmaskedSecretSourceBuild>("comes from a GitHub secret, so it must be [Secret] too");

    [Test]
    public void A_job_declaration_for_an_undeclared_workflow_is_refused() =>
        AssertDefinitionError<UnknownWorkflowJobBuild>("for workflow 'nightly', which UnknownWorkflowJobBuild does not declare");

    [Test]
    public void An_environment_parameter_must_be_a_workflow_input() =>
        AssertDefinitionError<EnvironmentParameterNotAnInputBuild>("EnvironmentParameter 'Version' is not an input of this workflow");

    [Test]
    public void A_branch_pattern_the_job_condition_cannot_express_is_refused() =>
        AssertDefinitionError<UnsupportedPatternBuild>("'feature/*/x' is not supported");

    [TestCase(typeof(MalformedInputEntryBuild), "'release version=Version' is not PARAMETER or INPUT=PARAMETER")]
    [TestCase(typeof(TwoEqualsInputEntryBuild), "'version=Version=1' is not PARAMETER or INPUT=PARAMETER")]
    [TestCase(typeof(InputEntryWithoutParameterBuild), "'version=' is not PARAMETER or INPUT=PARAMETER")]
    public void A_malformed_input_entry_is_refused(Type build, string message) =>
        AssertDefinitionError(build, message, "OnWorkflowDispatchOptionalInputs");

    [Test]
    public void An_input_entry_naming_an_unknown_parameter_is_refused() =>
        AssertDefinitionError<UnknownInputParameterBuild>("OnWorkflowDispatchOptionalInputs names 'Versoin', which is not a parameter", "Parameters: Version, Token");

    [Test]
    public void Two_inputs_with_one_name_are_refused() =>
        AssertDefinitionError<ClashingInputNamesBuild>("two inputs are named 'version'", "Version and Label");

    [Test]
    public void One_parameter_under_two_input_names_is_refused() =>
        AssertDefinitionError<TwoNamesForOneInputBuild>("parameter Version is listed as input 'release' and as input 'v'");

    [Test]
    public void An_unknown_setup_step_is_refused() =>
        AssertDefinitionError<UnknownSetupStepBuild>("SetupSteps holds 42, which is not a known setup step. Known: Trivy");

    [Test]
    public void Consuming_a_target_the_workflow_skips_is_refused() =>
        AssertDefinitionError<ConsumesSkippedBuild>("Deploy consumes Build, but no job of this workflow runs Build", "SkipTargets");
}
