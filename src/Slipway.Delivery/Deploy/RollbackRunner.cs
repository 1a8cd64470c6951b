using System.Globalization;
using Serilog;
using Slipway.Delivery.Orchestration.MultiHost;

namespace Slipway.Delivery.Deploy;

/// <summary>
/// Rollback on one environment's host, without the registry: a warm colour is switched to in one runtime API line; a
/// retained (stopped) version's container is started again, gated on readiness and switched to. No migration runs:
/// rollbacks change code, not schema (the expand/contract rule, docs/deploy.md). With <paramref name="peers"/> it is one
/// host of several, moved together (docs/deploy.md, Several hosts).
/// </summary>
internal sealed class RollbackRunner(DeployHost host, TimeProvider? timeProvider = null, HostsCoordinator? peers = null)
{
    private readonly TimeProvider clock = timeProvider ?? TimeProvider.System;
    private readonly DeployEnvironment environment = host.Environment;

    /// <summary>The plan, from the host's state as it is; changes nothing (not even starting a stopped edge).</summary>
    public async Task<RollbackPlan> PlanAsync(string? to, CancellationToken cancellationToken = default) =>
        await PlanAsync(to, restoreDatabase: false, cancellationToken);

    /// <summary>The plan, with the database restore when asked for (refused with exit 2 when no backup matches); changes nothing.</summary>
    public async Task<RollbackPlan> PlanAsync(string? to, bool restoreDatabase, CancellationToken cancellationToken = default) =>
        Decide(await ReadOnlySnapshotAsync(cancellationToken), to, restoreDatabase);

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
        // Restoring service may mean starting a stopped edge: that is part of the rollback, not a change to refuse.
        await using var operation = await LockedOperation.BeginAsync(host, DeployKind.Rollback, request, request.To ?? "previous", clock, cancellationToken);
        try
        {
            await Deployer.AllLockedAsync(peers, host, cancellationToken);
            var (plan, log) = await PlanAsync(request, operation, cancellationToken);
            await new DeployExecutor(host, operation, clock, peers).ExecuteAsync(plan.Sequence, cancellationToken);
            var serving = TimeSpan.FromMilliseconds(operation.Record.DurationMs ?? 0);
            Log.Information("{Environment} serves {Version} again, {Seconds:0.00} s after the rollback started", environment.Name, plan.To.Version, serving.TotalSeconds);
            var outcome = await operation.SucceedAsync(
                $"Rolled back from {plan.From?.Version ?? "nothing"} to {plan.To.Version}{(plan.Warm ? " (warm)" : " (restarted the retained container)")} " +
                string.Create(CultureInfo.InvariantCulture, $"in {serving.TotalSeconds:0.00} s."),
                cancellationToken: cancellationToken);
            return outcome with { Log = [.. log, outcome.Record] };
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            peers?.Fail(host.Name, exception);
            await operation.FailAsync(exception);
            throw;
        }
    }

    private async Task<(RollbackPlan Plan, IReadOnlyList<DeployRecord> Log)> PlanAsync(RollbackRequest request, LockedOperation operation, CancellationToken cancellationToken)
    {
        var (snapshot, _) = await operation.ReadEnvironmentAsync("rollback", cancellationToken);
        var plan = Decide(snapshot, request.To, request.RestoreDatabase);
        operation.Note(r => r with
        {
            Version = plan.To.Version,
            Digest = plan.To.Digest,
            Image = plan.To.Image,
            Commit = plan.To.Commit,
            RollbackOf = plan.RollbackOf,
            PreviousVersion = plan.From?.Version,
            PreviousDigest = plan.From?.Digest,
            Replicas = 1 + plan.To.Replicas.Count,
        });
        operation.Phases.End("plan");
        Log.Information("{Plan}", plan.Describe());
        return (plan, snapshot.Records);
    }

    private RollbackPlan Decide(EnvironmentSnapshot snapshot, string? to, bool restoreDatabase)
    {
        var plan = RollbackPlanner.Plan(snapshot, to, environment.KeepPreviousRunning, environment.Roles);
        if (!restoreDatabase)
        {
            return plan;
        }

        DatabaseRestoreChoice.RequireRestoreCommand(environment);
        var (deploy, backup) = DatabaseRestoreChoice.Find(snapshot.Records, environment.Name, plan.To);
        return DatabaseRestoreChoice.WithRestore(plan, deploy, backup);
    }

    private async Task<EnvironmentSnapshot> ReadOnlySnapshotAsync(CancellationToken cancellationToken)
    {
        var edge = await host.Edge.TryOpenExistingAsync(cancellationToken);
        return await host.SnapshotAsync(edge, edgeRunning: edge is not null, cancellationToken);
    }
}
