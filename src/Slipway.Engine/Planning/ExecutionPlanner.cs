namespace Slipway.Engine.Planning;

/// <summary>
/// Turns invoked target names into an ordered plan: dependencies and triggered targets join, ordering relations
/// apply among planned targets, ties keep declaration order (so Build.cs reads like the plan).
/// </summary>
public static class ExecutionPlanner
{
    /// <param name="skip">null: skip nothing; empty: skip every target that was not invoked; otherwise those names.</param>
    public static ExecutionPlan Plan(TargetGraph graph, IReadOnlyList<string> invoked, IReadOnlyList<string>? skip = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(invoked);
        var roots = invoked.Count == 0
            ? [graph.Default ?? throw new BuildDefinitionException(
                $"No target was given and the build has no default target. Known targets: {KnownTargets(graph)}.")]
            : invoked.Select(name => Find(graph, name)).Distinct().ToList();

        var planned = new HashSet<ExecutableTarget>();
        var queue = new Queue<ExecutableTarget>(roots);
        while (queue.TryDequeue(out var target))
        {
            if (!planned.Add(target))
            {
                continue;
            }

            foreach (var next in target.DependsOn.Concat(target.Triggers))
            {
                queue.Enqueue(next);
            }
        }

        var ordered = Order(planned).ToList();
        foreach (var target in ordered)
        {
            target.Status = TargetStatus.Pending;
            target.SkipReason = null;
        }

        if (skip is not null)
        {
            var skipped = skip.Count == 0
                ? ordered.Except(roots)
                : skip.Select(name => Find(graph, name)).Where(planned.Contains);
            foreach (var target in skipped)
            {
                target.Status = TargetStatus.Skipped;
                target.SkipReason = "--skip";
            }
        }

        return new ExecutionPlan(ordered, roots);
    }

    /// <summary>Run order of the given targets: relations first, declaration order for ties.</summary>
    public static IReadOnlyList<ExecutableTarget> Order(IEnumerable<ExecutableTarget> targets)
    {
        var planned = targets.Distinct().ToList();
        var runsAfter = TargetScheduler.RunsAfter(planned);
        var ordered = new List<ExecutableTarget>();
        var remaining = planned.OrderBy(t => t.DeclarationIndex).ToList();
        while (remaining.Count > 0)
        {
            // The graph was checked for cycles when it was built, so some target is always ready.
            var next = remaining.First(t => runsAfter[t].All(ordered.Contains));
            ordered.Add(next);
            remaining.Remove(next);
        }

        return ordered;
    }

    private static ExecutableTarget Find(TargetGraph graph, string name) =>
        graph.Find(name) ?? throw new BuildDefinitionException(
            $"Unknown target '{name}'. Known targets: {string.Join(", ", ClosestMatch.Order(name, Listed(graph), TargetGraph.NormalizeName))}.");

    private static string KnownTargets(TargetGraph graph) => string.Join(", ", Listed(graph));

    private static IEnumerable<string> Listed(TargetGraph graph) => graph.Targets.Where(t => t.IsListed).Select(t => t.Name);
}
