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

    /// <summary>
    /// The build class and the components that declare a property of this name (e.g. <c>Build</c> and <c>IPush</c>):
    /// the parameters a target uses are those declared on these types or on the components they extend.
    /// </summary>
    internal IReadOnlyList<Type> DeclaringTypes { get; init; } = [];

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

    /// <summary>What it may write for people (<see cref="ITargetDefinition.Reports"/>).</summary>
    public IReadOnlyList<string> Reports => Definition.ReportPaths;

    /// <summary>Resources this target holds alone while it runs (<see cref="ITargetDefinition.Exclusive"/>).</summary>
    public IReadOnlySet<string> ExclusiveResources => Definition.ExclusiveResourceNames;

    public IReadOnlyList<TargetCondition> StaticConditions => Definition.StaticConditions;

    public IReadOnlyList<TargetCondition> DynamicConditions => Definition.DynamicConditions;

    public IReadOnlyList<TargetRequirement> Requirements => Definition.Requirements;

    public TargetStatus Status { get; internal set; } = TargetStatus.Pending;

    public string? SkipReason { get; internal set; }

    public TimeSpan Duration { get; internal set; }

    public Exception? Error { get; internal set; }

    /// <summary>Declares inputs, so the cache may skip it; a target that declares nothing always runs.</summary>
    public bool IsCacheable => Definition.InputPatterns.Count > 0 || Definition.InputValues.Count > 0;

    /// <summary>The key its inputs hashed to in this run, when it is cacheable and the cache is on.</summary>
    public string? CacheKey { get; internal set; }

    /// <summary>For a <see cref="TargetStatus.Cached"/> target: the run whose outputs were restored.</summary>
    public string? CachedFromRun { get; internal set; }

    /// <summary>Summary notes made while this target ran; a cache entry keeps them so a cached run shows them too.</summary>
    internal List<string> SummaryNotes { get; } = [];

    public override string ToString() => Name;
}
