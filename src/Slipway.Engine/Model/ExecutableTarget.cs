namespace Slipway.Engine;

/// <summary>A target with its references resolved: what the planner orders, the executor runs and generators read.</summary>
public sealed class ExecutableTarget
{
    internal ExecutableTarget(string name, string declaration, int declarationIndex, TargetDefinition definition)
    {
        Name = name;
        Declaration = declaration;
        DeclarationIndex = declarationIndex;
        Definition = definition;
    }

    public string Name { get; }

    /// <summary>Where the target is declared, e.g. <c>Build.Test</c> or <c>ITest.Test</c>, for error messages.</summary>
    public string Declaration { get; }

    public int DeclarationIndex { get; }

    internal TargetDefinition Definition { get; }

    public string? Description => Definition.DescriptionText;

    public bool IsDefault { get; internal set; }

    public bool IsListed => !Definition.IsUnlisted;

    public bool HasActions => Definition.Actions.Count > 0;

    public bool IsProceedAfterFailure => Definition.IsProceedAfterFailure;

    public bool IsAssuredAfterFailure => Definition.IsAssuredAfterFailure;

    public IReadOnlyList<ExecutableTarget> DependsOn { get; internal set; } = [];

    public IReadOnlyList<ExecutableTarget> After { get; internal set; } = [];

    public IReadOnlyList<ExecutableTarget> Triggers { get; internal set; } = [];

    public IReadOnlyList<ExecutableTarget> Consumes { get; internal set; } = [];

    public IReadOnlyList<string> Produces => Definition.ProducedPaths;

    /// <summary>Resources this target holds alone while it runs (<see cref="ITargetDefinition.Exclusive"/>).</summary>
    public IReadOnlySet<string> ExclusiveResources => Definition.ExclusiveResourceNames;

    public IReadOnlyList<TargetCondition> StaticConditions => Definition.StaticConditions;

    public IReadOnlyList<TargetCondition> DynamicConditions => Definition.DynamicConditions;

    public IReadOnlyList<TargetRequirement> Requirements => Definition.Requirements;

    public TargetStatus Status { get; internal set; } = TargetStatus.Pending;

    public string? SkipReason { get; internal set; }

    public TimeSpan Duration { get; internal set; }

    public Exception? Error { get; internal set; }

    public override string ToString() => Name;
}
