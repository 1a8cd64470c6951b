using System.Linq.Expressions;

namespace Slipway.Engine;

/// <summary>Collects what a target's delegate declares; the graph builder turns it into an <see cref="ExecutableTarget"/>.</summary>
internal sealed class TargetDefinition(Func<Type, TargetDefinition, ITargetDefinition> inherit) : ITargetDefinition
{
    public string? DescriptionText { get; private set; }

    public List<Func<Task>> Actions { get; } = [];

    /// <summary>The methods behind <see cref="Actions"/>, as written: the cache key hashes their code.</summary>
    public List<System.Reflection.MethodInfo> ActionMethods { get; } = [];

    public List<string> InputPatterns { get; } = [];

    public List<(string Name, Func<object?> Value)> InputValues { get; } = [];

    public List<string> OutputPatterns { get; } = [];

    public List<TargetReference> DependsOnTargets { get; } = [];

    public List<TargetReference> DependentForTargets { get; } = [];

    public List<TargetReference> AfterTargets { get; } = [];

    public List<TargetReference> BeforeTargets { get; } = [];

    public List<TargetReference> TriggersTargets { get; } = [];

    public List<TargetReference> TriggeredByTargets { get; } = [];

    public List<TargetReference> ConsumesTargets { get; } = [];

    public List<TargetCondition> StaticConditions { get; } = [];

    public List<TargetCondition> DynamicConditions { get; } = [];

    public List<TargetRequirement> Requirements { get; } = [];

    public List<string> ProducedPaths { get; } = [];

    public List<string> ReportPaths { get; } = [];

    public HashSet<string> ExclusiveResourceNames { get; } = new(StringComparer.OrdinalIgnoreCase);

    public bool IsProceedAfterFailure { get; private set; }

    public bool IsAssuredAfterFailure { get; private set; }

    public bool IsUnlisted { get; private set; }

    public ITargetDefinition Description(string description)
    {
        DescriptionText = description;
        return this;
    }

    public ITargetDefinition Executes(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        ActionMethods.Add(action.Method);
        Actions.Add(() =>
        {
            action();
            return Task.CompletedTask;
        });
        return this;
    }

    public ITargetDefinition Executes(Func<Task> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        ActionMethods.Add(action.Method);
        Actions.Add(action);
        return this;
    }

    public ITargetDefinition DependsOn(params Target[] targets) => Add(DependsOnTargets, targets);

    public ITargetDefinition DependsOn<TComponent>()
        where TComponent : class => Add(DependsOnTargets, TargetReference.Primary<TComponent>());

    public ITargetDefinition DependsOn<TComponent>(Func<TComponent, Target> target)
        where TComponent : class => Add(DependsOnTargets, TargetReference.Select(target));

    public ITargetDefinition DependentFor(params Target[] targets) => Add(DependentForTargets, targets);

    public ITargetDefinition DependentFor<TComponent>()
        where TComponent : class => Add(DependentForTargets, TargetReference.Primary<TComponent>());

    public ITargetDefinition After(params Target[] targets) => Add(AfterTargets, targets);

    public ITargetDefinition After<TComponent>()
        where TComponent : class => Add(AfterTargets, TargetReference.Primary<TComponent>());

    public ITargetDefinition Before(params Target[] targets) => Add(BeforeTargets, targets);

    public ITargetDefinition Before<TComponent>()
        where TComponent : class => Add(BeforeTargets, TargetReference.Primary<TComponent>());

    public ITargetDefinition Triggers(params Target[] targets) => Add(TriggersTargets, targets);

    public ITargetDefinition Triggers<TComponent>()
        where TComponent : class => Add(TriggersTargets, TargetReference.Primary<TComponent>());

    public ITargetDefinition TriggeredBy(params Target[] targets) => Add(TriggeredByTargets, targets);

    public ITargetDefinition TriggeredBy<TComponent>()
        where TComponent : class => Add(TriggeredByTargets, TargetReference.Primary<TComponent>());

    public ITargetDefinition OnlyWhenStatic(Func<bool> condition, string? conditionText = null)
    {
        StaticConditions.Add(new TargetCondition(condition, ConditionText(conditionText)));
        return this;
    }

    public ITargetDefinition OnlyWhenDynamic(Func<bool> condition, string? conditionText = null)
    {
        DynamicConditions.Add(new TargetCondition(condition, ConditionText(conditionText)));
        return this;
    }

    public ITargetDefinition Requires<T>(Expression<Func<T>> requirement, string? requirementText = null)
    {
        ArgumentNullException.ThrowIfNull(requirement);
        // Compiled when first checked, and interpreted: every target of the build class is defined at start-up, but only
        // the requirements of the targets that run are ever checked, once each, so emitting IL for all was start-up
        // time spent for nothing.
        var compiled = new Lazy<Func<T>>(() => requirement.Compile(preferInterpretation: true));
        var text = ConditionText(requirementText ?? requirement.ToString());
        if (typeof(T) == typeof(bool))
        {
            Requirements.Add(new TargetRequirement(() => (bool)(object)compiled.Value()!, text, null));
        }
        else
        {
            Requirements.Add(new TargetRequirement(() => HasValue(compiled.Value()), text, MemberName(requirement.Body)));
        }

        return this;
    }

    public ITargetDefinition ProceedAfterFailure()
    {
        IsProceedAfterFailure = true;
        return this;
    }

    public ITargetDefinition AssuredAfterFailure()
    {
        IsAssuredAfterFailure = true;
        return this;
    }

    public ITargetDefinition Unlisted()
    {
        IsUnlisted = true;
        return this;
    }

    public ITargetDefinition Produces(params string[] paths)
    {
        ProducedPaths.AddRange(paths);
        return this;
    }

    public ITargetDefinition Reports(params string[] paths)
    {
        ReportPaths.AddRange(paths);
        return this;
    }

    public ITargetDefinition Inputs(params string[] patterns)
    {
        InputPatterns.AddRange(patterns);
        return this;
    }

    public ITargetDefinition InputValue(Func<object?> value, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        InputValues.Add((ConditionText(name), value));
        return this;
    }

    public ITargetDefinition Outputs(params string[] patterns)
    {
        OutputPatterns.AddRange(patterns);
        return this;
    }

    public ITargetDefinition Exclusive(string resource)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(resource);
        ExclusiveResourceNames.Add(resource);
        return this;
    }

    public ITargetDefinition Consumes(params Target[] targets) => Add(ConsumesTargets, targets);

    public ITargetDefinition Consumes<TComponent>()
        where TComponent : class => Add(ConsumesTargets, TargetReference.Primary<TComponent>());

    public ITargetDefinition Inherit<TComponent>()
        where TComponent : class => inherit(typeof(TComponent), this);

    private TargetDefinition Add(List<TargetReference> list, Target[] targets)
    {
        list.AddRange(targets.Select(TargetReference.Of));
        return this;
    }

    private TargetDefinition Add(List<TargetReference> list, TargetReference reference)
    {
        list.Add(reference);
        return this;
    }

    private static bool HasValue(object? value) => value switch
    {
        null => false,
        string text => !string.IsNullOrWhiteSpace(text),
        System.Collections.ICollection collection => collection.Count > 0,
        _ => true,
    };

    private static string? MemberName(Expression body) => body switch
    {
        MemberExpression member => member.Member.Name,
        UnaryExpression { NodeType: ExpressionType.Convert } convert => MemberName(convert.Operand),
        _ => null,
    };

    private static string ConditionText(string? text)
    {
        // CallerArgumentExpression gives "() => IsLocalBuild"; the lambda arrow is noise in a skip reason.
        var trimmed = (text ?? "condition").Trim();
        return trimmed.StartsWith("() =>", StringComparison.Ordinal) ? trimmed[5..].Trim() : trimmed;
    }
}
