using Serilog;
using Slipway.Delivery.Docker;
using Slipway.Engine;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Deploy;

/// <summary>
/// An environment's deploy lock, held for the whole deploy or rollback: taken atomically on the host, kept alive by a
/// heartbeat, released at the end. Found held by a live deploy → exit 12 naming the holder and since when. Found
/// stale (no heartbeat for <see cref="DeployEnvironment.LockStaleAfter"/>) → reported, and broken only with
/// <c>--force</c>; the broken lock's owner is then in <see cref="BrokenOwner"/> for the deploy log.
/// </summary>
internal sealed class DeployLock : IAsyncDisposable
{
    private readonly DockerEngine engine;
    private readonly HostStateCommands commands;
    private readonly CancellationTokenSource stop = new();
    private readonly Task heartbeat;
    private int lost;
    private int released;

    private DeployLock(DockerEngine engine, HostStateCommands commands, LockOwner owner, LockOwner? brokenOwner, TimeSpan heartbeatInterval)
    {
        this.engine = engine;
        this.commands = commands;
        Owner = owner;
        BrokenOwner = brokenOwner;
        heartbeat = BeatAsync(heartbeatInterval);
    }

    public LockOwner Owner { get; }

    /// <summary>The dead deploy whose stale lock this run broke with --force, if it did.</summary>
    public LockOwner? BrokenOwner { get; }

    /// <summary>True once a heartbeat found the lock no longer ours (someone broke it): the deploy must not switch traffic.</summary>
    public bool IsLost => Volatile.Read(ref lost) == 1;

    public static async Task<DeployLock> AcquireAsync(
        DockerEngine engine, HostStateCommands commands, LockOwner owner, TimeSpan staleAfter, bool force, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(commands);
        ArgumentNullException.ThrowIfNull(owner);
        var probe = await TryAcquireAsync(engine, commands, owner, cancellationToken);
        LockOwner? broken = null;
        if (!probe.Acquired)
        {
            if (!probe.IsStale(staleAfter))
            {
                throw new BuildFailedException(ExitCodes.EnvironmentLocked,
                    $"The environment is locked: {probe.Describe(staleAfter)}. Another deploy or rollback is running; wait for it to finish and run again.");
            }

            if (!force)
            {
                throw new BuildFailedException(ExitCodes.EnvironmentLocked,
                    $"The environment's deploy lock is {probe.Describe(staleAfter)}. Check that no deploy is still running (the holder's CI run), " +
                    "then run again with --force to break the lock; breaking it is recorded in the deploy log.");
            }

            var result = await commands.RunAsync(engine, commands.BreakIfStale(staleAfter), cancellationToken);
            var answer = result.StandardOutput.Trim();
            Log.Warning("--force: breaking the stale deploy lock ({Lock}): {Answer}", probe.Describe(staleAfter), answer);
            if (answer == "alive")
            {
                throw new BuildFailedException(ExitCodes.EnvironmentLocked,
                    $"The deploy lock came back to life while it was being broken ({probe.Describe(staleAfter)}); not breaking it. Run again when that deploy has finished.");
            }

            broken = probe.Holder ?? new LockOwner { Id = "unknown", Kind = DeployKind.Deploy, Who = "unknown", Since = DateTimeOffset.UnixEpoch };
            probe = await TryAcquireAsync(engine, commands, owner, cancellationToken);
            if (!probe.Acquired)
            {
                throw new BuildFailedException(ExitCodes.EnvironmentLocked,
                    $"Another deploy took the lock right after the stale one was broken: {probe.Describe(staleAfter)}.");
            }
        }

        Log.Information("Took the deploy lock of {Edge} as {Owner}", commands.EdgeContainer, owner.Describe());
        var interval = TimeSpan.FromTicks(Math.Clamp(staleAfter.Ticks / 4, TimeSpan.FromMilliseconds(250).Ticks, TimeSpan.FromSeconds(20).Ticks));
        return new DeployLock(engine, commands, owner, broken, interval);
    }

    /// <summary>Fails the deploy (exit 1) if the lock was lost, before anything that must only happen under the lock.</summary>
    public void EnsureHeld()
    {
        if (IsLost)
        {
            throw new BuildFailedException(
                $"This run's deploy lock ({Owner.Id}) was broken by someone else; stopping before changing anything more. Check the deploy log.");
        }
    }

    /// <summary>
    /// Asks the host now whether the lock is still this run's (renewing it when it is), and fails (exit 1) when it is
    /// not — before retiring the previous version or pruning: the heartbeat's last answer may be many seconds old,
    /// and a deploy that lost its lock must not stop or delete what the new holder is working with. A host that does
    /// not answer leaves the decision to the heartbeat, as a missed beat does.
    /// </summary>
    public async Task EnsureHeldAsync(CancellationToken cancellationToken = default)
    {
        EnsureHeld();
        try
        {
            var result = await commands.TryRunAsync(engine, commands.Heartbeat(Owner.Id), cancellationToken);
            if (result.Succeeded && result.StandardOutput.Trim() == "lost")
            {
                Interlocked.Exchange(ref lost, 1);
                Log.Error("The deploy lock {Id} of {Edge} is no longer ours: someone broke it", Owner.Id, commands.EdgeContainer);
            }
        }
        catch (ToolException exception)
        {
            Log.Warning("Could not check the deploy lock {Id}: {Error}", Owner.Id, exception.Message);
        }

        EnsureHeld();
    }

    /// <summary>
    /// The operation's last words under the lock: appends its final <paramref name="record"/> and releases the lock in
    /// one command on the host. Returns that command's result for the caller to check the append; a release that did
    /// not happen is retried when the lock is disposed.
    /// </summary>
    public async Task<ToolResult> AppendAndReleaseAsync(DeployRecord record)
    {
        await StopHeartbeatAsync();
        var result = await commands.TryRunAsync(engine, commands.AppendAndRelease(record, Owner.Id));
        if (result.Succeeded && result.OutputLines.Contains("released"))
        {
            Interlocked.Exchange(ref released, 1);
        }

        return result;
    }

    public async ValueTask DisposeAsync()
    {
        await StopHeartbeatAsync();
        stop.Dispose();
        if (Interlocked.Exchange(ref released, 1) == 1)
        {
            return;
        }

        try
        {
            var result = await commands.TryRunAsync(engine, commands.Release(Owner.Id));
            if (!result.Succeeded || result.StandardOutput.Trim() != "released")
            {
                Log.Warning("Could not release the deploy lock {Id} of {Edge}: {Answer}", Owner.Id, commands.EdgeContainer,
                    (result.StandardOutput + result.StandardError).Trim());
            }
        }
        catch (ToolException exception)
        {
            Log.Warning("Could not release the deploy lock {Id}: {Error}", Owner.Id, exception.Message);
        }
    }

    // The heartbeat stops before the lock goes: a beat renaming its file into a directory being removed could keep it.
    private async Task StopHeartbeatAsync()
    {
        if (stop.IsCancellationRequested)
        {
            return;
        }

        await stop.CancelAsync();
        try
        {
            await heartbeat;
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task<LockProbe> TryAcquireAsync(DockerEngine engine, HostStateCommands commands, LockOwner owner, CancellationToken cancellationToken)
    {
        var result = await commands.RunAsync(engine, commands.Acquire(owner), cancellationToken);
        return LockProbe.Parse(result.StandardOutput);
    }

    private async Task BeatAsync(TimeSpan interval)
    {
        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(interval, stop.Token);
            try
            {
                var result = await commands.TryRunAsync(engine, commands.Heartbeat(Owner.Id), stop.Token);
                if (result.Succeeded && result.StandardOutput.Trim() == "lost")
                {
                    Interlocked.Exchange(ref lost, 1);
                    Log.Error("The deploy lock {Id} of {Edge} is no longer ours: someone broke it", Owner.Id, commands.EdgeContainer);
                    return;
                }
            }
            catch (ToolException exception)
            {
                // A missed beat is not fatal: the lock goes stale only after several.
                Log.Warning("Deploy lock heartbeat failed: {Error}", exception.Message);
            }
        }
    }
}
