using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Deploy;

/// <summary>
/// An operation under the environment's lock — a deploy or a rollback: it takes the lock (owner, heartbeat) in the
/// operation's name, records a dead operation whose stale lock it broke with <c>--force</c>, starts the operation's
/// <see cref="DeployRecord"/> as a failure (so an attempt that gets no further still says so), and releases the
/// lock when disposed.
/// </summary>
internal sealed class LockedOperation : IAsyncDisposable
{
    private readonly DeployLock lease;

    private LockedOperation(DeployLock lease, DeployRecord record)
    {
        this.lease = lease;
        Record = record;
    }

    public string Id => Record.Id;

    /// <summary>The operation's record as it starts: who, when, which lock it broke; result <c>failed</c> until the operation says otherwise.</summary>
    public DeployRecord Record { get; }

    /// <summary>
    /// Takes the lock of <paramref name="host"/>'s environment for a new operation; exit 12 when another holds it (or a stale
    /// one without <c>--force</c>). <paramref name="version"/> is what the lock shows others (the image, or the rollback target).
    /// </summary>
    public static async Task<LockedOperation> BeginAsync(
        DeployHost host, DeployKind kind, ILockedOperationRequest request, string? version, DateTimeOffset started, TimeProvider clock,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(clock);
        var id = DeployIds.New(kind, started);
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
        var lease = await DeployLock.AcquireAsync(host.State, owner, host.Environment.LockStaleAfter, request.Force, cancellationToken);
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

        return new LockedOperation(lease, new DeployRecord
        {
            Id = id,
            Kind = kind,
            Environment = host.Environment.Name,
            Who = request.Who,
            CiRunUrl = request.CiRunUrl,
            Started = started,
            Result = DeployResults.Failed,
            BrokeLockOf = lease.BrokenOwner?.Id,
        });
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

    /// <summary>Fails (exit 1) if someone broke this operation's lock, before anything that must only happen under it.</summary>
    public void EnsureHeld() => lease.EnsureHeld();

    /// <summary>Asks the host whether the lock is still this operation's; fails (exit 1) if not (<see cref="DeployLock.EnsureHeldAsync"/>).</summary>
    public Task EnsureHeldAsync(CancellationToken cancellationToken = default) => lease.EnsureHeldAsync(cancellationToken);

    public ValueTask DisposeAsync() => lease.DisposeAsync();
}
