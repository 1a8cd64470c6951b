namespace Slipway.Engine;

/// <summary>
/// What the CI job of one target needs: permissions, secrets, a deployment environment, conditions, a timeout. On the
/// build class it names its target (<c>[GitHubActionsJob(nameof(Push), Permissions = [GitHubTokenAccess.PackagesWrite])]</c>);
/// on a target property (e.g. in a component) it applies to that target. A target upstream of a workflow's invoked
/// targets that has a declaration gets its own job in that workflow; without one it runs inside the jobs that need it.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true, Inherited = true)]
#pragma warning disable CA1819 // Attribute arguments can only be arrays; nothing mutates them after construction.
public sealed class GitHubActionsJobAttribute : Attribute
{
    /// <summary>On a target property: the declaration is for that target.</summary>
    public GitHubActionsJobAttribute()
    {
    }

    /// <summary>On the build class: the declaration is for the target named <paramref name="target"/> (use <c>nameof</c>).</summary>
    public GitHubActionsJobAttribute(string target)
    {
        Target = target;
    }

    public string? Target { get; }

    /// <summary>Applies only in this workflow, and there replaces the declaration without a workflow.</summary>
    public string? Workflow { get; set; }

    /// <summary>Permissions of the job's token beyond <c>contents: read</c>, which every job has.</summary>
    public GitHubTokenAccess[] Permissions { get; set; } = [];

    /// <summary>
    /// Overrides, for this job, the secret a parameter comes from; keyed by the parameter (<c>nameof</c>), which must be
    /// one the job's targets use: <c>nameof(RegistryPassword)</c> (the secret named like its variable),
    /// <c>nameof(RegistryPassword) + "=GITHUB_TOKEN"</c>, or with fallbacks <c>nameof(GitHubToken) + "=RELEASE_TOKEN || GITHUB_TOKEN"</c>.
    /// A component declares its parameters' usual sources once with <see cref="GitHubActionsSecretAttribute"/>.
    /// </summary>
    public string[] Secrets { get; set; } = [];

    /// <summary>
    /// Overrides, for this job, the configuration variable (<c>vars</c>) a parameter comes from, in the same forms as
    /// <see cref="Secrets"/>; a source may also be a property of the <c>github</c> context or a quoted text:
    /// <c>nameof(ScanImageTag) + "=SCAN_IMAGE_TAG || 'main'"</c>. Components declare theirs with <see cref="GitHubActionsVariableAttribute"/>.
    /// </summary>
    public string[] Variables { get; set; } = [];

    /// <summary>The deployment environment of the job (its reviewers, secrets and variables live in the repository settings).</summary>
    public string? Environment { get; set; }

    /// <summary>Takes the environment from a workflow input: the parameter (<c>nameof(Environment)</c>) that names it.</summary>
    public string? EnvironmentParameter { get; set; }

    /// <summary>The environment's URL; by default the variable <c>&lt;ENVIRONMENT&gt;_URL</c> (e.g. <c>vars.STAGING_URL</c>).</summary>
    public string? EnvironmentUrl { get; set; }

    /// <summary>The job runs only for these branches (patterns ending in <c>*</c> match prefixes).</summary>
    public string[] OnlyOnBranches { get; set; } = [];

    /// <summary>The job runs only for these tags (patterns ending in <c>*</c> match prefixes).</summary>
    public string[] OnlyOnTags { get; set; } = [];

    /// <summary>A SARIF file, or a folder of them, that the job uploads to code scanning (even when the target fails).</summary>
    public string? CodeScanningResults { get; set; }

    /// <summary>
    /// Tools the job installs before its build step, each a known step with a pinned action and tool version:
    /// <c>SetupSteps = [GitHubActionsSetup.Trivy]</c> for a job whose target scans an image.
    /// </summary>
    public GitHubActionsSetup[] SetupSteps { get; set; } = [];

    /// <summary>
    /// One job per value of this enum parameter (<c>nameof(Environment)</c>), in the enum's declaration order, each
    /// running the target with <c>--&lt;parameter&gt; &lt;value&gt;</c> in the deployment environment of that name and
    /// waiting for the one before it, whose artifacts replace those of the same paths it would otherwise download:
    /// <c>development → acceptance → production</c> from the declaration of the environments, not a job per target
    /// written by hand. Not with <see cref="Environment"/> or <see cref="EnvironmentParameter"/>.
    /// </summary>
    public string? ForEachValueOf { get; set; }

    /// <summary>
    /// Targets whose jobs in this workflow this job also waits for, beyond those its dependencies give: a Monitor that
    /// watches what the workflow's deploy just shipped, without making Monitor depend on a deploy wherever it runs. Each
    /// must have a job in the workflow; a per-value chain (<see cref="ForEachValueOf"/>) is waited for to its last link.
    /// </summary>
    public string[] Needs { get; set; } = [];

    /// <summary>The job's <c>timeout-minutes</c>; 0 keeps the workflow's default.</summary>
    public int TimeoutMinutes { get; set; }
}
#pragma warning restore CA1819
