namespace Slipway.Engine.GitHubActions;

/// <summary>
/// One job: the target it exists for, the jobs it waits for, the targets it skips because upstream jobs (or another
/// workflow) did them, the targets that run in it, and the artifacts it downloads and uploads.
/// </summary>
internal sealed record JobPlan(
    string Id,
    ExecutableTarget Target,
    IReadOnlyList<string> Needs,
    IReadOnlyList<ExecutableTarget> Skip,
    IReadOnlyList<ExecutableTarget> Runs,
    IReadOnlyList<ArtifactTransfer> Downloads,
    IReadOnlyList<ArtifactTransfer> Uploads,
    JobSettings Settings)
{
    /// <summary>Options fixed for this job, e.g. <c>--environment acceptance</c> for one of a target's per-value jobs.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>What the job uploads for people when present, failed or not (<see cref="ITargetDefinition.Reports"/>).</summary>
    public IReadOnlyList<ArtifactTransfer> Reports { get; init; } = [];

    /// <summary>The <see cref="GitHubActionsAttribute.OnFailureTarget"/>'s job: its target reads the other jobs' results from <c>GITHUB_NEEDS</c>.</summary>
    public bool IsFailureJob { get; init; }

    /// <summary>The build command of the job's run step, without the workflow inputs.</summary>
    public string Command => "./build.cmd " + Target.Name + (Arguments.Count > 0 ? " " + string.Join(' ', Arguments) : string.Empty) +
        (Skip.Count > 0 ? " --skip " + string.Join(' ', Skip.Select(t => t.Name)) : string.Empty);
}
