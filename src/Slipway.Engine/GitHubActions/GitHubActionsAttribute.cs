namespace Slipway.Engine;

/// <summary>
/// Declares a GitHub Actions workflow that <c>./build.sh --generate-workflows</c> writes to
/// <c>.github/workflows/&lt;name&gt;.yml</c> (NUKE's GitHubActionsAttribute, with one job per stage): each invoked target,
/// and each target upstream of it that has a <see cref="GitHubActionsJobAttribute"/>, becomes a job whose
/// <c>needs:</c> follow the target graph and which skips what upstream jobs already did.
/// </summary>
/// <example>
/// <code>
/// [GitHubActions("ci", OnPushBranches = ["main"], OnPullRequestBranches = ["main"], InvokedTargets = [nameof(DockerBuild)])]
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = true)]
#pragma warning disable CA1819 // Attribute arguments can only be arrays; nothing mutates them after construction.
public sealed class GitHubActionsAttribute(string name) : Attribute
{
    /// <summary>The workflow's name and file name (<c>ci</c> → <c>.github/workflows/ci.yml</c>).</summary>
    public string Name { get; } = name;

    /// <summary>The targets the workflow exists to run; use <c>nameof(Target)</c>.</summary>
    public string[] InvokedTargets { get; set; } = [];

    /// <summary>
    /// Targets this workflow neither runs nor waits for, because another workflow already checked the same commit
    /// (e.g. delivery trusts the lint, test and scan jobs of ci, which branch protection requires before a merge).
    /// </summary>
    public string[] SkipTargets { get; set; } = [];

    /// <summary>Branch patterns whose pushes start the workflow (<c>main</c>, <c>release/*</c>).</summary>
    public string[] OnPushBranches { get; set; } = [];

    /// <summary>Tag patterns whose pushes start the workflow (<c>prod/v*</c>).</summary>
    public string[] OnPushTags { get; set; } = [];

    /// <summary>Base branches of the pull requests that start the workflow.</summary>
    public string[] OnPullRequestBranches { get; set; } = [];

    /// <summary>
    /// Can be started by hand. Implied by the input lists; the parameters that the jobs' targets <c>Requires</c>
    /// become required inputs automatically.
    /// </summary>
    public bool OnWorkflowDispatch { get; set; }

    /// <summary>
    /// Parameters asked for, as required inputs, when the workflow is started by hand: <c>nameof(Version)</c> (an input
    /// named after the parameter, <c>version</c>), or <c>"INPUT=PARAMETER"</c> for an input whose name differs from the
    /// parameter's (<c>"version=" + nameof(RollbackTo)</c>: the input <c>version</c> fills <c>--to</c>).
    /// </summary>
    public string[] OnWorkflowDispatchRequiredInputs { get; set; } = [];

    /// <summary>Parameters asked for, as optional inputs, when the workflow is started by hand; same forms as the required ones.</summary>
    public string[] OnWorkflowDispatchOptionalInputs { get; set; } = [];

    /// <summary>A cron expression (UTC) for scheduled runs, e.g. <c>17 3 * * *</c>.</summary>
    public string? OnCronSchedule { get; set; }

    /// <summary>
    /// A target run by one more job, after all the others, when one of them failed on the default branch (or in a
    /// scheduled run): e.g. <c>nameof(NotifyCiFailure)</c>, so a red main reaches the team's channels. It must depend
    /// on no other target.
    /// </summary>
    public string? OnFailureTarget { get; set; }

    /// <summary>
    /// Started by hand with a required <c>action</c> input, a choice with one option per invoked target (its job id,
    /// <c>promote</c>, <c>rollback</c>): only the chosen target's job — and the jobs it needs — runs. One workflow for
    /// every operation on the environments (seed 004's environment management), each still gated by its job's
    /// environment and approvals. Such a workflow has no other trigger unless it sets <see cref="ActionDefault"/>.
    /// </summary>
    public bool OnWorkflowDispatchAction { get; set; }

    /// <summary>The name of the <see cref="OnWorkflowDispatchAction"/> input (<c>type</c>); <c>action</c> unless set.</summary>
    public string ActionInput { get; set; } = "action";

    /// <summary>
    /// The options of the <see cref="OnWorkflowDispatchAction"/> input when they are not simply the invoked targets:
    /// each <c>"OPTION=Target,Target"</c> runs exactly the jobs of the targets it lists
    /// (<c>$"ci-only={nameof(Lint)},{nameof(Test)}"</c>); a job whose upstream job an option leaves out then runs without
    /// it (its command still skips that job's targets), and artifacts it would have downloaded from it are not there.
    /// </summary>
    public string[] ActionOptions { get; set; } = [];

    /// <summary>
    /// The option of a run that has no inputs (a scheduled run, a push): lets an action workflow have such triggers,
    /// and is the form's preselected choice.
    /// </summary>
    public string? ActionDefault { get; set; }

    /// <summary>The runner image of every job.</summary>
    public string RunsOn { get; set; } = "ubuntu-latest";

    /// <summary>The default <c>timeout-minutes</c> of every job; a job declaration can override it.</summary>
    public int TimeoutMinutes { get; set; } = 30;

    /// <summary>Commits to fetch; 0 (the default) fetches the whole history, which versioning from tags needs.</summary>
    public int FetchDepth { get; set; }
}
#pragma warning restore CA1819
