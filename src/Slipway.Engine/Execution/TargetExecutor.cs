using System.Diagnostics;
using Serilog;
using Slipway.Engine.Caching;
using Slipway.Engine.Hosts;
using Slipway.Engine.Planning;

namespace Slipway.Engine.Execution;

/// <summary>
/// Runs a plan: static conditions first, then as many ready targets at once as the <c>parallelism</c> argument allows
/// (<see cref="TargetScheduler"/> decides which). A failure stops new targets from starting (NotRun) unless the failed
/// target proceeds after failure or a target is assured; targets already running finish. With a cache, a target whose
/// inputs match an earlier successful run is restored instead of run.
/// </summary>
internal static class TargetExecutor
{
    public static async Task<BuildSummary> ExecuteAsync(
        ExecutionPlan plan,
        BuildHost host,
        int parallelism = 1,
        TargetCache? cache = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(host);
        var total = Stopwatch.StartNew();
        ApplyStaticConditions(plan);

        var schedule = new TargetScheduler(plan, parallelism);
        host.Interleaved = parallelism > 1;
        var running = new Dictionary<Task, ExecutableTarget>();
        var failures = new List<ExecutableTarget>();
        var announced = new HashSet<ExecutableTarget>();
        while (!schedule.IsFinished)
        {
            var startedAny = false;
            foreach (var target in schedule.Next())
            {
                var falseCondition = target.DynamicConditions.FirstOrDefault(c => !c.Evaluate());
                if (falseCondition is not null)
                {
                    Skip(target, $"condition false: {falseCondition.Text}");
                    schedule.Complete(target);
                    continue;
                }

                // Task.Run: a target's synchronous actions must not hold up the scheduling of the others.
                running.Add(Task.Run(() => RunAsync(target, host, cache, cancellationToken), CancellationToken.None), target);
                startedAny = true;
            }

            if (running.Count == 0)
            {
                // Everything ready was skipped; ask again, later targets may be ready now.
                continue;
            }

            if (startedAny)
            {
                LogWaitingForResources(plan, schedule, announced);
            }

            var finished = await Task.WhenAny(running.Keys);
            var done = running[finished];
            running.Remove(finished);
            schedule.Complete(done);
            if (done.Status == TargetStatus.Failed)
            {
                failures.Add(done);
            }
        }

        var exitCode = failures.Count == 0
            ? ExitCodes.Success
            : BuildFailedException.ExitCodeOf(failures[0].Error);
        return new BuildSummary(plan.Targets, total.Elapsed, exitCode, host.Notes);
    }

    /// <summary>Says once why a target waits on a resource, so a slower parallel run explains itself.</summary>
    private static void LogWaitingForResources(ExecutionPlan plan, TargetScheduler schedule, HashSet<ExecutableTarget> announced)
    {
        foreach (var target in plan.Targets.Where(t => t.Status == TargetStatus.Pending && !schedule.Running.Contains(t)))
        {
            if (schedule.HoldsResourceOf(target) is { } holder && announced.Add(target))
            {
                Log.Debug("{Target} waits for {Holder}: both hold {Resources} exclusively", target.Name, holder.Name,
                    string.Join(", ", target.ExclusiveResources.Intersect(holder.ExclusiveResources, StringComparer.OrdinalIgnoreCase)));
            }
        }
    }

    private static async Task RunAsync(ExecutableTarget target, BuildHost host, TargetCache? cache, CancellationToken cancellationToken)
    {
        host.BeginTarget(target);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            await RunInScopeAsync(target, host, cache, cancellationToken);
        }
        finally
        {
            target.Duration = stopwatch.Elapsed;
            host.EndTarget(target);
        }
    }

    /// <summary>Runs inside the target's scope, so everything it logs is attributed to it; the scope ends with this method.</summary>
    private static async Task RunInScopeAsync(ExecutableTarget target, BuildHost host, TargetCache? cache, CancellationToken cancellationToken)
    {
        TargetScope.Enter(target);
        if (cache is not null && target.IsCacheable)
        {
            // Hashed now, not at planning: the targets this one depends on may have just written its inputs.
            if (!TryComputeKey(target, cache, out var key))
            {
                return;
            }

            target.CacheKey = key;
            if (key is not null && cache.Find(target, key) is { } entry && cache.Restore(target, entry) is { } restored)
            {
                target.Status = TargetStatus.Cached;
                target.CachedFromRun = entry.RunId;
                Log.Information("{Target} is up to date (inputs unchanged since run {Run}); {Restored} of {Outputs} output file(s) restored",
                    target.Name, entry.RunId, restored, entry.Outputs.Count);
                foreach (var note in entry.Notes)
                {
                    host.AddSummaryNote(note);
                }

                return;
            }
        }

        await RunActionsAsync(target, cancellationToken);
        if (cache is not null && target is { Status: TargetStatus.Succeeded, CacheKey: { } before })
        {
            // A target that changed its own inputs (Lint --fix) proved nothing about the inputs it now leaves behind.
            var hashed = TryComputeKey(target, cache, out var after);
            if (hashed && after == before)
            {
                cache.Store(target, before, target.SummaryNotes);
            }
            else if (hashed && after is not null)
            {
                Log.Information("{Target} changed its own inputs while running; not cached", target.Name);
            }
        }
    }

    /// <summary>
    /// False when the target failed because an input value threw (a bug in its definition). An input file that cannot
    /// be read leaves the key null: the target runs, uncached, with a warning.
    /// </summary>
    private static bool TryComputeKey(ExecutableTarget target, TargetCache cache, out string? key)
    {
        key = null;
        try
        {
            key = CacheKeys.Compute(target, cache.Root);
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            Log.Warning("Could not hash the inputs of {Target}: {Reason}; running it without the cache", target.Name, exception.Message);
            return true;
        }
        catch (Exception exception)
        {
            Fail(target, exception);
            return false;
        }
    }

    private static async Task RunActionsAsync(ExecutableTarget target, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var action in target.Definition.Actions)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await action();
            }

            target.Status = target.HasActions ? TargetStatus.Succeeded : TargetStatus.Collective;
        }
        catch (Exception exception)
        {
            Fail(target, exception);
        }
    }

    private static void Fail(ExecutableTarget target, Exception exception)
    {
        target.Status = TargetStatus.Failed;
        target.Error = exception is System.Reflection.TargetInvocationException { InnerException: { } inner } ? inner : exception;
        Log.Error("Target {Target} failed: {Message}", target.Name, target.Error is BuildFailedException or Tooling.ToolException
            ? target.Error.Message
            : target.Error.ToString());
    }

    /// <summary>Skips targets whose static condition is false, and the dependencies only they needed; --plan shows the result.</summary>
    internal static void ApplyStaticConditions(ExecutionPlan plan)
    {
        foreach (var target in plan.Targets.Where(t => t.Status != TargetStatus.Skipped))
        {
            var falseCondition = target.StaticConditions.FirstOrDefault(c => !c.Evaluate());
            if (falseCondition is not null)
            {
                Skip(target, $"condition false: {falseCondition.Text}");
            }
        }

        // A dependency needed only by skipped targets is not needed at all.
        var changed = true;
        while (changed)
        {
            changed = false;
            foreach (var target in plan.Targets.Where(t => t.Status != TargetStatus.Skipped && !plan.Invoked.Contains(t)))
            {
                var dependents = plan.Targets.Where(t => t.DependsOn.Contains(target) || t.Triggers.Contains(target)).ToList();
                if (dependents.Count > 0 && dependents.All(d => d.Status == TargetStatus.Skipped))
                {
                    Skip(target, $"only needed by skipped {string.Join(", ", dependents.Select(d => d.Name))}");
                    changed = true;
                }
            }
        }
    }

    private static void Skip(ExecutableTarget target, string reason)
    {
        target.Status = TargetStatus.Skipped;
        target.SkipReason = reason;
        Log.Information("Skipping {Target}: {Reason}", target.Name, reason);
    }
}
