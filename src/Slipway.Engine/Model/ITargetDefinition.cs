using System.Linq.Expressions;
using System.Runtime.CompilerServices;

namespace Slipway.Engine;

/// <summary>The fluent definition API of a target. Every method returns the same definition for chaining.</summary>
public interface ITargetDefinition
{
    /// <summary>One line shown by <c>--help</c>, the plan and generated workflows.</summary>
    ITargetDefinition Description(string description);

    ITargetDefinition Executes(Action action);

    ITargetDefinition Executes(Func<Task> action);

    /// <summary>Targets that must run (and succeed) before this one; they join the plan when this one is invoked.</summary>
    ITargetDefinition DependsOn(params Target[] targets);

    /// <summary>Depends on the primary target of a component: <c>DependsOn&lt;ITest&gt;()</c> means ITest's <c>Test</c>.</summary>
    ITargetDefinition DependsOn<TComponent>()
        where TComponent : class;

    ITargetDefinition DependsOn<TComponent>(Func<TComponent, Target> target)
        where TComponent : class;

    /// <summary>This target runs before the given ones and joins the plan whenever they do.</summary>
    ITargetDefinition DependentFor(params Target[] targets);

    ITargetDefinition DependentFor<TComponent>()
        where TComponent : class;

    /// <summary>Ordering only: when both are planned, this one runs after the given ones.</summary>
    ITargetDefinition After(params Target[] targets);

    ITargetDefinition After<TComponent>()
        where TComponent : class;

    /// <summary>Ordering only: when both are planned, this one runs before the given ones.</summary>
    ITargetDefinition Before(params Target[] targets);

    ITargetDefinition Before<TComponent>()
        where TComponent : class;

    /// <summary>The given targets join the plan and run after this one.</summary>
    ITargetDefinition Triggers(params Target[] targets);

    ITargetDefinition Triggers<TComponent>()
        where TComponent : class;

    /// <summary>This target joins the plan and runs after any of the given ones.</summary>
    ITargetDefinition TriggeredBy(params Target[] targets);

    ITargetDefinition TriggeredBy<TComponent>()
        where TComponent : class;

    /// <summary>Evaluated once before anything runs; false skips this target (and dependencies only it needs).</summary>
    ITargetDefinition OnlyWhenStatic(Func<bool> condition, [CallerArgumentExpression(nameof(condition))] string? conditionText = null);

    /// <summary>Evaluated right before this target runs; false skips it.</summary>
    ITargetDefinition OnlyWhenDynamic(Func<bool> condition, [CallerArgumentExpression(nameof(condition))] string? conditionText = null);

    /// <summary>
    /// A parameter that must have a value (<c>Requires(() =&gt; Version)</c>) or a condition that must hold
    /// (<c>Requires(() =&gt; CoverageThreshold &gt; 0)</c>), checked before any target runs (exit 2 otherwise).
    /// </summary>
    ITargetDefinition Requires<T>(Expression<Func<T>> requirement, [CallerArgumentExpression(nameof(requirement))] string? requirementText = null);

    /// <summary>When this target fails, other targets that do not depend on it still run (the build still fails).</summary>
    ITargetDefinition ProceedAfterFailure();

    /// <summary>This target runs even after an earlier target failed (cleanup, publishing results).</summary>
    ITargetDefinition AssuredAfterFailure();

    /// <summary>Hidden from <c>--help</c> and generated workflows.</summary>
    ITargetDefinition Unlisted();

    /// <summary>Files or folders (relative to the root) this target writes for later targets or CI jobs.</summary>
    ITargetDefinition Produces(params string[] paths);

    /// <summary>
    /// Files or folders this target may write for people when something happens (an incident draft): its generated job
    /// uploads them as an artifact even when it fails, when they exist; no other job downloads them.
    /// </summary>
    ITargetDefinition Reports(params string[] paths);

    /// <summary>
    /// Files this target reads, by glob relative to the root (<c>src/**/*.cs</c>, <c>global.json</c>, a folder for all
    /// of it, <c>!pattern</c> to leave some out; bin/, obj/ and .git/ never count). With inputs declared, the target is
    /// skipped and its <see cref="Outputs"/> restored when an earlier successful run had the same inputs (the cache).
    /// </summary>
    ITargetDefinition Inputs(params string[] patterns);

    /// <summary>A value the target's result depends on (<c>InputValue(() =&gt; Configuration)</c>, a tool's version): a change re-runs it.</summary>
    ITargetDefinition InputValue(Func<object?> value, [CallerArgumentExpression(nameof(value))] string? name = null);

    /// <summary>Files or folders (relative to the root, globs allowed) this target writes: stored after a run, restored on a cache hit.</summary>
    ITargetDefinition Outputs(params string[] patterns);

    /// <summary>
    /// A named resource this target must hold alone (<c>Exclusive("docker-engine")</c>): targets naming the same resource
    /// never run at the same time, in either order; with no relation between them, the plan's order decides who goes first.
    /// </summary>
    ITargetDefinition Exclusive(string resource);

    /// <summary>This target reads what the given targets produce (CI downloads their artifacts first).</summary>
    ITargetDefinition Consumes(params Target[] targets);

    ITargetDefinition Consumes<TComponent>()
        where TComponent : class;

    /// <summary>Applies the component's own definition of the same-named target, to extend it in the build class.</summary>
    ITargetDefinition Inherit<TComponent>()
        where TComponent : class;
}
