namespace Slipway.Engine.GitHubActions;

/// <summary>A workflow worked out from its attribute and the target graph, before it is rendered as YAML.</summary>
internal sealed record WorkflowPlan(GitHubActionsAttribute Definition, IReadOnlyList<WorkflowInput> Inputs, IReadOnlyList<JobPlan> Jobs)
{
    public string Name => Definition.Name;

    /// <summary>The commits the workflow's actions run at.</summary>
    public ActionPinSet Pins { get; init; } = ActionPinSet.Default;

    public bool IsDispatchable => Definition.OnWorkflowDispatch || Definition.OnWorkflowDispatchAction || Inputs.Count > 0;

    /// <summary>The choice input of an action workflow (<see cref="GitHubActionsAttribute.OnWorkflowDispatchAction"/>); null otherwise.</summary>
    public ActionChoice? Choice { get; init; }

    /// <summary>The options of the choice input: the invoked targets' job ids, or <see cref="GitHubActionsAttribute.ActionOptions"/>'; empty without one.</summary>
    public IReadOnlyList<string> Actions => Choice?.Options ?? [];

    /// <summary>Whether every run is started by hand (so required inputs always have a value).</summary>
    public bool IsDispatchOnly =>
        IsDispatchable && Definition.OnPushBranches.Length == 0 && Definition.OnPushTags.Length == 0
        && Definition.OnPullRequestBranches.Length == 0 && Definition.OnCronSchedule is null;
}
