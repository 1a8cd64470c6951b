using Slipway.Delivery.Edge;
using Slipway.Engine;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Deploy;

/// <summary>
/// One deploy or rollback under the environment's lock, and what it keeps while it runs: the lock (owner, heartbeat),
/// the edge it drives, its phases and its <see cref="DeployRecord"/>. The record starts as a failure (so an attempt
/// that gets no further still says so), gathers facts as the steps learn them, and is finished and appended exactly
/// once: <see cref="SucceedAsync"/> or <see cref="FailAsync"/>. Disposing releases the lock.
/// </summary>
internal sealed class LockedOperation : IAsyncDisposable
{
    private readonly DeployHost host;
    private readonly DeployLock lease;
    private readonly TimeProvider clock;
    private readonly List<Func<Exception, Task>> onFailure = [];

    private LockedOperation(DeployHost host, DeployLock lease, DeployRecord record, EdgeClient edge, PhaseTimer phases, TimeProvider clock)
    {
        this.host = host;
        this.lease = lease;
        this.clock = clock;
        Record = record;
        Edge = edge;
        Phases = phases;
    }

    public string Id => Record.Id;

    /// <summary>The record as far as the operation got: who, when, which lock it broke, and what the steps noted.</summary>
    public DeployRecord Record { get; private set; }

    /// <summary>The environment's edge, running, its config current.</summary>
    public EdgeClient Edge { get; }

    public PhaseTimer Phases { get; }

    /// <summary>
    /// Starts the edge if it is down (the lock lives in its volume), takes the lock of <paramref name="host"/>'s environment for a
    /// new operation — exit 12 when another holds it (or a stale one without <c>--force</c>) — and only then brings the edge's
    /// config up to date: a reload must never restore a state file saved before another operation's switch.
    /// <paramref name="version"/> is what the lock shows others (the image, or the rollback target).
    /// </summary>
    public static async Task<LockedOperation> BeginAsync(
        DeployHost host, DeployKind kind, ILockedOperationRequest request, string? version, TimeProvider clock,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(clock);
        var phases = new PhaseTimer(kind);
        var started = clock.GetUtcNow();
        var id = DeployIds.New(kind, started);

        // The edge almost always runs. When its volume may be a directory here, the lock is taken there right after the
        // edge is checked (a local shell: milliseconds). Otherwise it is taken by docker exec while the edge is checked,
        // not after; when the edge was not running, that first try finds no container to exec into, and the lock is
        // taken once it is started.
        var taking = host.Edge.MayHaveLocalVolume ? null : AcquireAsync(host, kind, request, version, id, started, clock, cancellationToken);
        try
        {
            await host.Edge.StartAsync(cancellationToken);
        }
        catch
        {
            if (taking is not null)
            {
                await ReleaseIfTakenAsync(taking);
            }

            throw;
        }

        taking ??= AcquireAsync(host, kind, request, version, id, started, clock, cancellationToken);

        // Opening the runtime API only reads: it overlaps taking the lock.
        var opening = host.Edge.OpenAsync(cancellationToken);
        DeployLock lease;
        try
        {
            try
            {
                lease = await taking;
            }
            catch (ToolException exception) when (IsEdgeMissing(exception))
            {
                lease = await AcquireAsync(host, kind, request, version, id, started, clock, cancellationToken);
            }
        }
        catch (Exception exception) when (exception is BuildFailedException or ToolException or OperationCanceledException)
        {
            _ = opening.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            throw;
        }

        phases.End("lock");
        try
        {
            var edge = await host.Edge.ApplyConfigAsync(await opening, cancellationToken);
            phases.End("edge");
            var record = new DeployRecord
            {
                Id = id,
                Kind = kind,
                Environment = host.Environment.Name,
                Who = request.Who,
                CiRunUrl = request.CiRunUrl,
                Started = started,
                Result = DeployResults.Failed,
                BrokeLockOf = lease.BrokenOwner?.Id,
            };
            return new LockedOperation(host, lease, record, edge, phases, clock);
        }
        catch
        {
            await lease.DisposeAsync();
            throw;
        }
    }

    /// <summary>Adds what a step learned (the image's labels, the backup, whether it migrated) to the record.</summary>
    public void Note(Func<DeployRecord, DeployRecord> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        Record = change(Record);
    }

    /// <summary>Traffic moved to the operation's version now; a rollback also records how long that took from its start.</summary>
    public void MarkSwitched()
    {
        var now = clock.GetUtcNow();
        Record = Record with
        {
            Switched = now,
            DurationMs = Record.Kind == DeployKind.Rollback ? (long)(now - Record.Started).TotalMilliseconds : Record.DurationMs,
        };
    }

    /// <summary>
    /// The environment as this operation finds it under the lock: the host's snapshot, and the maintenance page the edge
    /// answers now (null when off or past its deadline by this machine's clock), read at once. A split a dead deploy left
    /// mid-canary (both versions sharing the traffic) is ended first — the live version takes every request again — and
    /// the snapshot carries the edge as it is after that. A deploy or rollback behind the page goes ahead and says so.
    /// </summary>
    public async Task<(EnvironmentSnapshot Snapshot, MaintenancePage? Maintenance)> ReadEnvironmentAsync(string operation, CancellationToken cancellationToken = default)
    {
        var reading = host.SnapshotAsync(Edge, edgeRunning: true, cancellationToken);
        var maintenance = Edge.ReadMaintenanceAsync(cancellationToken);
        await Task.WhenAll(reading, maintenance);
        var snapshot = await reading;
        if (snapshot.Edge is { IsSplit: true } && snapshot.Live is { } live && snapshot.SlotOf(live) is { } stable)
        {
            Serilog.Log.Warning("{Environment}: two versions share the traffic, a canary left by a deploy that died ({Edge}). {Live} takes every request again first",
                host.Environment.Name, snapshot.Edge, live.Version);
            snapshot = snapshot with { Edge = await Edge.AbortCanaryAsync(stable.Other, cancellationToken) };
        }

        var page = await maintenance is { } read && read.IsActiveAt(clock.GetUtcNow()) ? read : null;
        if (page is not null)
        {
            Serilog.Log.Warning("{Notice}", page.NoticeFor(operation));
        }

        return (snapshot, page);
    }

    /// <summary>Something to undo or note if the operation fails (removing an aborted colour, the backup a migration wrote); run before the record is appended.</summary>
    public void OnFailure(Func<Exception, Task> action) => onFailure.Add(action);

    /// <summary>Fails (exit 1) if someone broke this operation's lock, before anything that must only happen under it.</summary>
    public void EnsureHeld() => lease.EnsureHeld();

    /// <summary>Asks the host whether the lock is still this operation's; fails (exit 1) if not (<see cref="DeployLock.EnsureHeldAsync"/>).</summary>
    public Task EnsureHeldAsync(CancellationToken cancellationToken = default) => lease.EnsureHeldAsync(cancellationToken);

    /// <summary>Finishes the record as <paramref name="result"/>, appends it to the deploy log and returns the outcome.</summary>
    public async Task<DeployOutcome> SucceedAsync(string message, BakeVerdict? bake = null, string result = DeployResults.Succeeded, CancellationToken cancellationToken = default)
    {
        Record = Record with { Result = result, Finished = clock.GetUtcNow(), Message = message };
        await host.AppendFinalRecordAsync(Record, lease);
        return new DeployOutcome(Record, bake, Phases.Phases);
    }

    /// <summary>
    /// Runs the failure actions, then finishes the record from the exception — exit 10 aborted, exit 11 rolled back,
    /// anything else failed — and appends it, even when the operation was cancelled.
    /// </summary>
    public async Task FailAsync(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        foreach (var action in onFailure)
        {
            await action(exception);
        }

        Record = Record with
        {
            Result = exception is BuildFailedException failed ? failed.ExitCode switch
            {
                ExitCodes.DeployAborted => DeployResults.Aborted,
                ExitCodes.RolledBack => DeployResults.RolledBack,
                _ => DeployResults.Failed,
            } : DeployResults.Failed,
            Finished = clock.GetUtcNow(),
            Message = exception.Message.Split('\n')[0].Trim(),
        };
        await host.AppendFinalRecordAsync(Record, lease);
    }

    public ValueTask DisposeAsync() => lease.DisposeAsync();

    // What docker exec answers when the edge container is stopped or does not exist yet.
    private static bool IsEdgeMissing(ToolException exception) =>
        exception.Message.Contains("is not running", StringComparison.Ordinal) || exception.Message.Contains("No such container", StringComparison.Ordinal);

    private static async Task ReleaseIfTakenAsync(Task<DeployLock> taking)
    {
        try
        {
            await (await taking).DisposeAsync();
        }
        catch (Exception exception) when (exception is BuildFailedException or ToolException or OperationCanceledException)
        {
            // Not taken: nothing to release; the edge's own failure is the one to report.
        }
    }

    private static async Task<DeployLock> AcquireAsync(
        DeployHost host, DeployKind kind, ILockedOperationRequest request, string? version, string id, DateTimeOffset started, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var owner = new LockOwner
        {
            Id = id,
            Kind = kind,
            Who = request.Who,
            Version = version,
            CiRunUrl = request.CiRunUrl,
            Machine = System.Environment.MachineName,
            Since = started,
        };
        var lease = await DeployLock.AcquireAsync(host.Engine, host.State, owner, host.Environment.LockStaleAfter, request.Force, cancellationToken);
        try
        {
            if (lease.BrokenOwner is { } broken)
            {
                await host.AppendRecordAsync(AbandonedRecord(broken, host.Environment.Name, host.Commands, id, clock.GetUtcNow()), cancellationToken);
            }
        }
        catch (Exception exception) when (exception is ToolException or OperationCanceledException)
        {
            await lease.DisposeAsync();
            throw;
        }

        return lease;
    }

    /// <summary>
    /// The record of a dead operation whose stale lock <paramref name="breakerId"/> broke with --force. A deploy killed
    /// during its migration left its backup and no record; named here (from its id, as every deploy names its backup),
    /// that backup is pruned only once superseded, like any recorded one. A rollback takes no backup.
    /// </summary>
    internal static DeployRecord AbandonedRecord(LockOwner broken, string environment, DeployCommands commands, string breakerId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(broken);
        return new DeployRecord
        {
            Id = broken.Id,
            Kind = broken.Kind,
            Environment = environment,
            Image = broken.Version,
            Who = broken.Who,
            CiRunUrl = broken.CiRunUrl,
            Started = broken.Since,
            Finished = now,
            Result = DeployResults.Abandoned,
            Message = $"Died holding the deploy lock; its stale lock was broken with --force by {breakerId}.",
            Backup = broken.Kind == DeployKind.Deploy && broken.Id.StartsWith("d-", StringComparison.Ordinal) ? BackupRetention.Location(commands, broken.Id) : null,
        };
    }
}
