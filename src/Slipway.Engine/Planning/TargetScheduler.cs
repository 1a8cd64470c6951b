namespace Slipway.Engine.Planning;

/// <summary>
/// Decides which planned targets may start now, as others finish: the whole of parallel execution's logic, kept free of
/// threads and processes so it is unit-tested as data. A target is ready when every target it runs after (DependsOn,
/// After, Before, Triggers) has finished; it starts when a slot is free and no running target holds one of its
/// exclusive resources. Ready targets start in plan order, so with one slot the run is exactly the plan's order.
/// </summary>
internal sealed class TargetScheduler
{
    private readonly List<ExecutableTarget> waiting;
    private readonly Dictionary<ExecutableTarget, HashSet<ExecutableTarget>> runsAfter;
    private readonly HashSet<ExecutableTarget> running = [];
    private readonly int parallelism;
    private bool stopped;

    public TargetScheduler(ExecutionPlan plan, int parallelism)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        this.parallelism = parallelism;
        waiting = [.. plan.Targets];
        runsAfter = RunsAfter(plan.Targets);
    }

    public IReadOnlyCollection<ExecutableTarget> Running => running;

    public bool IsFinished => waiting.Count == 0 && running.Count == 0;

    /// <summary>
    /// The targets to start now, in plan order; each counts as running until <see cref="Complete"/>. Targets that can
    /// no longer run (a dependency failed, or a failure stopped the build and they are not assured) are marked NotRun
    /// here, as they become ready, exactly as the sequential run did when it reached them.
    /// </summary>
    public IReadOnlyList<ExecutableTarget> Next()
    {
        var starting = new List<ExecutableTarget>();
        // Plan order is a topological order, so one pass settles chains of skipped and NotRun targets too.
        foreach (var target in waiting.ToList())
        {
            if (runsAfter[target].Any(t => waiting.Contains(t) || running.Contains(t)))
            {
                continue;
            }

            if (target.Status == TargetStatus.Skipped)
            {
                waiting.Remove(target);
                continue;
            }

            var blocked = target.DependsOn.Any(d => d.Status is TargetStatus.Failed or TargetStatus.NotRun);
            if ((stopped || blocked) && !target.IsAssuredAfterFailure)
            {
                target.Status = TargetStatus.NotRun;
                waiting.Remove(target);
                continue;
            }

            if (running.Count >= parallelism || HoldsResourceOf(target) is not null)
            {
                continue;
            }

            waiting.Remove(target);
            running.Add(target);
            starting.Add(target);
        }

        if (starting.Count == 0 && running.Count == 0 && waiting.Count > 0)
        {
            // Unreachable while the graph is acyclic (TargetGraph checks); a loud failure beats a hung build.
            throw new InvalidOperationException($"No planned target can start: {string.Join(", ", waiting)}.");
        }

        return starting;
    }

    /// <summary>Records that a started target finished; its status is final. A failure stops new targets from starting.</summary>
    public void Complete(ExecutableTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!running.Remove(target))
        {
            throw new InvalidOperationException($"{target.Name} was not running.");
        }

        stopped |= target.Status == TargetStatus.Failed && !target.IsProceedAfterFailure;
    }

    /// <summary>The running target that holds one of this target's exclusive resources, if any (for the log).</summary>
    public ExecutableTarget? HoldsResourceOf(ExecutableTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.ExclusiveResources.Count == 0
            ? null
            : running.FirstOrDefault(r => r.ExclusiveResources.Overlaps(target.ExclusiveResources));
    }

    /// <summary>
    /// The waves of a plan with unlimited slots: wave 1 needs nothing planned, wave N starts once waves before it are
    /// done. Skipped targets take no wave; exclusive resources and the slot count can only spread a wave out.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<ExecutableTarget>> Waves(IReadOnlyList<ExecutableTarget> plannedInOrder)
    {
        ArgumentNullException.ThrowIfNull(plannedInOrder);
        var runsAfter = RunsAfter(plannedInOrder);
        var level = new Dictionary<ExecutableTarget, int>();
        foreach (var target in plannedInOrder)
        {
            level[target] = runsAfter[target].Select(p => level[p] + (p.Status == TargetStatus.Skipped ? 0 : 1)).DefaultIfEmpty(0).Max();
        }

        return [.. plannedInOrder.Where(t => t.Status != TargetStatus.Skipped)
            .GroupBy(t => level[t])
            .OrderBy(g => g.Key)
            .Select(g => (IReadOnlyList<ExecutableTarget>)[.. g])];
    }

    /// <summary>For each target, the planned targets that must finish before it starts.</summary>
    internal static Dictionary<ExecutableTarget, HashSet<ExecutableTarget>> RunsAfter(IReadOnlyList<ExecutableTarget> targets)
    {
        var planned = targets.ToHashSet();
        var result = targets.ToDictionary(t => t, t => t.DependsOn.Concat(t.After).Where(planned.Contains).ToHashSet());
        foreach (var target in targets)
        {
            foreach (var triggered in target.Triggers.Where(planned.Contains))
            {
                result[triggered].Add(target);
            }
        }

        return result;
    }
}
