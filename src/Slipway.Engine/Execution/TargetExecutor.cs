using System.Diagnostics;
using Serilog;
using Slipway.Engine.Hosts;
using Slipway.Engine.Planning;

namespace Slipway.Engine.Execution;

/// <summary>
/// Runs a plan in order: static conditions first, then each target unless skipped, failed upstream or not assured;
/// a failure stops later targets (NotRun) unless the failed target proceeds after failure or a target is assured.
/// </summary>
public static class TargetExecutor
{
    public static async Task<BuildSummary> ExecuteAsync(ExecutionPlan plan, BuildHost host, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(host);
        var total = Stopwatch.StartNew();
        ApplyStaticConditions(plan);

        var failures = new List<ExecutableTarget>();
        var stopped = false;
        foreach (var target in plan.Targets)
        {
            if (target.Status == TargetStatus.Skipped)
            {
                continue;
            }

            var blockedBy = target.DependsOn.FirstOrDefault(d => d.Status is TargetStatus.Failed or TargetStatus.NotRun);
            if ((stopped || blockedBy is not null) && !target.IsAssuredAfterFailure)
            {
                target.Status = TargetStatus.NotRun;
                continue;
            }

            var falseCondition = target.DynamicConditions.FirstOrDefault(c => !c.Evaluate());
            if (falseCondition is not null)
            {
                Skip(target, $"condition false: {falseCondition.Text}");
                continue;
            }

            await RunAsync(target, host, cancellationToken);
            if (target.Status == TargetStatus.Failed)
            {
                failures.Add(target);
                stopped |= !target.IsProceedAfterFailure;
            }
        }

        var exitCode = failures.Count == 0
            ? ExitCodes.Success
            : failures[0].Error is BuildFailedException specific ? specific.ExitCode : ExitCodes.TargetFailed;
        return new BuildSummary(plan.Targets, total.Elapsed, exitCode, host.Notes);
    }

    private static async Task RunAsync(ExecutableTarget target, BuildHost host, CancellationToken cancellationToken)
    {
        host.BeginTarget(target);
        var stopwatch = Stopwatch.StartNew();
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
            target.Status = TargetStatus.Failed;
            target.Error = exception is System.Reflection.TargetInvocationException { InnerException: { } inner } ? inner : exception;
            Log.Error("Target {Target} failed: {Message}", target.Name, target.Error is BuildFailedException or Tooling.ToolException
                ? target.Error.Message
                : target.Error.ToString());
        }
        finally
        {
            target.Duration = stopwatch.Elapsed;
            host.EndTarget(target);
        }
    }

    private static void ApplyStaticConditions(ExecutionPlan plan)
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
