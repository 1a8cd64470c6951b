using System.Diagnostics;
using System.Net;
using Serilog;
using Slipway.Delivery.Edge;
using Slipway.Engine;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Deploy;

/// <summary>
/// Rollback on one environment's host, without the registry: a warm colour is switched to in one runtime API line; a
/// retained (stopped) version's container is started again, gated on readiness and switched to. No migration runs:
/// rollbacks change code, not schema (the expand/contract rule, docs/deploy.md).
/// </summary>
internal sealed class RollbackRunner(DeployHost host, TimeProvider? timeProvider = null)
{
    private readonly TimeProvider clock = timeProvider ?? TimeProvider.System;
    private readonly DeployEnvironment environment = host.Environment;

    /// <summary>The plan, from the host's state as it is; changes nothing (not even starting a stopped edge).</summary>
    public async Task<RollbackPlan> PlanAsync(string? to, CancellationToken cancellationToken = default) =>
        RollbackPlanner.Plan(await ReadOnlySnapshotAsync(cancellationToken), to, environment.KeepPreviousRunning);

    /// <summary><c>--list</c>: the retained versions, which one is live or warm, and the DORA figures of the log.</summary>
    public async Task<string> ListAsync(CancellationToken cancellationToken = default)
    {
        var snapshot = await ReadOnlySnapshotAsync(cancellationToken);
        var text = RetainedVersionsReport.Render(snapshot);
        if (snapshot.Edge is null)
        {
            text += System.Environment.NewLine + "The edge is not running, so which version is live is unknown; a deploy or rollback starts it.";
        }

        return text + System.Environment.NewLine + DoraMetrics.Compute(environment.Name, snapshot.Records, clock.GetUtcNow(), TimeSpan.FromDays(30)).Describe();
    }

    public async Task<DeployOutcome> RollbackAsync(RollbackRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var phases = new PhaseTimer(DeployKind.Rollback);

        var started = clock.GetUtcNow();
        var total = Stopwatch.StartNew();

        // Restoring service may mean starting a stopped edge: that is part of the rollback, not a change to refuse.
        var edge = await host.Edge.EnsureRunningAsync(cancellationToken);
        await using var operation = await LockedOperation.BeginAsync(host, DeployKind.Rollback, request, request.To ?? "previous", started, clock, cancellationToken);
        phases.End("edge and lock");

        var snapshot = await host.SnapshotAsync(edge, edgeRunning: true, cancellationToken);
        var plan = RollbackPlanner.Plan(snapshot, request.To, environment.KeepPreviousRunning);
        phases.End("plan");
        Log.Information("{Plan}", plan.Describe());
        var record = operation.Record with
        {
            Version = plan.To.Version,
            Digest = plan.To.Digest,
            Image = plan.To.Image,
            Commit = plan.To.Commit,
            RollbackOf = plan.RollbackOf,
            PreviousVersion = plan.From?.Version,
            PreviousDigest = plan.From?.Digest,
        };

        var startedContainer = false;
        try
        {
            var slot = snapshot.SlotOf(plan.To) is { } own && own != snapshot.Edge?.ActiveSlot ? own : snapshot.Edge?.ActiveSlot?.Other ?? EdgeSlot.Blue;
            if (!plan.Warm)
            {
                if (!plan.To.IsRunning)
                {
                    Log.Information("Starting the retained {Name}", plan.To.Name);
                    (await ToolRunner.RunAsync(host.Commands.Start(plan.To.Name), cancellationToken)).EnsureSuccess();
                    startedContainer = true;
                }

                if (snapshot.SlotOf(plan.To) != slot)
                {
                    await edge.AssignAsync(slot, new IPEndPoint(IPAddress.Loopback, plan.To.Port), cancellationToken);
                }

                phases.End("start");
            }

            operation.EnsureHeld();
            await edge.SwitchToAsync(slot, new EdgeSwitchOptions { ConsecutiveChecks = environment.ReadinessPasses, HealthTimeout = environment.DeployTimeout },
                cancellationToken);
            var serving = total.Elapsed;
            record = record with { Switched = clock.GetUtcNow(), DurationMs = (long)serving.TotalMilliseconds };
            phases.End("gate and switch");
            Log.Information("{Environment} serves {Version} again, {Seconds:0.00} s after the rollback started", environment.Name, plan.To.Version, serving.TotalSeconds);

            if (plan.From is { } from && !environment.KeepPreviousRunning)
            {
                if (snapshot.SlotOf(from) is { } fromSlot)
                {
                    await edge.WaitUntilDrainedAsync(fromSlot, environment.DrainTimeout, cancellationToken);
                    await edge.RetireAsync(fromSlot, cancellationToken);
                }

                await ToolRunner.RunAsync(host.Commands.Stop(from.Name, TimeSpan.FromSeconds(15)), cancellationToken);
                phases.End("retire");
            }

            record = record with
            {
                Result = DeployResults.Succeeded,
                Finished = clock.GetUtcNow(),
                Message = $"Rolled back from {plan.From?.Version ?? "nothing"} to {plan.To.Version}{(plan.Warm ? " (warm)" : " (restarted the retained container)")} " +
                    $"in {serving.TotalSeconds:0.00} s.",
            };
            await host.AppendRecordAsync(record, cancellationToken);
            return new DeployOutcome(record, null, phases.Phases);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            if (startedContainer)
            {
                await ToolRunner.RunAsync(host.Commands.Stop(plan.To.Name, TimeSpan.FromSeconds(15)), CancellationToken.None);
            }

            record = record with
            {
                Result = exception is BuildFailedException { ExitCode: ExitCodes.DeployAborted } ? DeployResults.Aborted : DeployResults.Failed,
                Finished = clock.GetUtcNow(),
                Message = exception.Message.Split('\n')[0].Trim(),
            };
            await host.AppendRecordAsync(record, CancellationToken.None);
            throw;
        }
    }

    private async Task<EnvironmentSnapshot> ReadOnlySnapshotAsync(CancellationToken cancellationToken)
    {
        var edge = await host.Edge.TryOpenExistingAsync(cancellationToken);
        return await host.SnapshotAsync(edge, edgeRunning: edge is not null, cancellationToken);
    }
}
