using Serilog;
using Slipway.Engine;

namespace Slipway.Delivery.Orchestration.MultiHost;

/// <summary>
/// What the hosts of one deploy or rollback tell each other while each runs its own ordinary sequence side by side
/// (docs/deploy.md, Several hosts): a host waits at a <see cref="HostBarrier"/> until every other host is there too, or
/// until one of them failed — then it learns which host and why, and backs out its own way (before the switch: its new
/// colour removed, exit 10; after it: switched back, exit 11). A host whose sequence ended counts as past every barrier.
/// With a boot limit (<see cref="Deploy.DeployEnvironment.HostsAtOnce"/>, Kamal's <c>boot.limit</c>) at most that many
/// hosts boot at once — from starting the new version until it passed its gate — admitted in the order the hosts are
/// declared, so the primary boots (and migrates) first. No processes: its decisions are unit-tested alone.
/// </summary>
internal sealed class HostsCoordinator : IDisposable
{
    private readonly Lock gate = new();
    private readonly IReadOnlyList<string> hosts;
    // By name: the fixed HostBarriers, and one per singleton role (RoleTurnAsync).
    private readonly Dictionary<string, HashSet<string>> arrived = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskCompletionSource<bool>> opened = new(StringComparer.Ordinal);
    private readonly HashSet<string> ended = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource failed = new();
    private readonly int bootLimit;
    private readonly HashSet<string> booting = new(StringComparer.Ordinal);
    private readonly HashSet<string> pastBoot = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskCompletionSource<bool>> waitingToBoot = new(StringComparer.Ordinal);

    /// <param name="hosts">The hosts moved together, the primary first.</param>
    /// <param name="bootLimit">How many hosts may boot at once; null: all of them.</param>
    public HostsCoordinator(IReadOnlyList<string> hosts, int? bootLimit = null)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        ArgumentOutOfRangeException.ThrowIfLessThan(bootLimit ?? 1, 1, nameof(bootLimit));
        this.hosts = hosts;
        this.bootLimit = bootLimit ?? hosts.Count;
        foreach (var barrier in Enum.GetValues<HostBarrier>())
        {
            Open(barrier.ToString());
        }
    }

    /// <summary>The first host that failed and its reason (the first line of its error); null while none did.</summary>
    public (string Host, string Reason)? Cause { get; private set; }

    /// <summary>Cancelled when any host fails: what a host waiting on its own (its gate, its bake) listens to.</summary>
    public CancellationToken AnyFailed => failed.Token;

    /// <summary>Whether every host got past the switch barrier: from then on a failure means switching back, not aborting.</summary>
    public bool SwitchOpened => opened[nameof(HostBarrier.Switch)].Task is { IsCompletedSuccessfully: true, Result: true };

    /// <summary>
    /// <paramref name="host"/> is about to boot (migrate, start its new version or a retained one): returns once it may —
    /// when fewer than the limit are booting and every host declared before it boots or is past its boot. A host boots
    /// until it arrives at the switch barrier (its gate passed) or ends. Strict order because the primary, first, runs
    /// the migrations that the other hosts' readiness may wait for: with a limit of one, a host admitted before it would
    /// hold the only turn waiting for a migration that cannot start. When another host failed, this one aborts
    /// <paramref name="when"/> (exit 10) instead. Booting again is a no-op.
    /// </summary>
    public async Task EnterBootOrAbortAsync(string host, string when, CancellationToken cancellationToken = default)
    {
        Task<bool> admitted;
        lock (gate)
        {
            Require(host);
            if (Cause is not null)
            {
                admitted = Task.FromResult(false);
            }
            else if (booting.Contains(host) || pastBoot.Contains(host))
            {
                admitted = Task.FromResult(true);
            }
            else
            {
                var turn = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                waitingToBoot[host] = turn;
                AdmitToBoot();
                admitted = turn.Task;
            }
        }

        if (!admitted.IsCompleted)
        {
            Log.Information("{Host} waits to boot: at most {Limit} of the {Count} hosts boot at once", host, bootLimit, hosts.Count);
        }

        if (!await admitted.WaitAsync(cancellationToken))
        {
            throw Aborted(host, when);
        }
    }

    /// <summary>
    /// <paramref name="host"/> is at <paramref name="barrier"/>: true once every host is there (or past it), false as
    /// soon as any host failed (<see cref="Cause"/> says which), at once when one already had.
    /// </summary>
    public Task<bool> ArriveAsync(string host, HostBarrier barrier, CancellationToken cancellationToken = default) =>
        ArriveAsync(host, barrier.ToString(), pastBoot: barrier != HostBarrier.Locked, cancellationToken);

    /// <summary>
    /// A singleton role runs on the primary only (docs/deploy.md, Several hosts): every other host stops the one it may
    /// still run (from when it was the primary, or alone) and then arrives here; the primary arrives before it starts its
    /// own, so it starts only once no other host runs one. True when every host is there; false when any host failed.
    /// </summary>
    public Task<bool> ArriveForSingletonAsync(string host, string role, CancellationToken cancellationToken = default) =>
        ArriveAsync(host, "singleton " + role, pastBoot: true, cancellationToken);

    /// <summary>
    /// Several hosts in a canary: every host sets step <paramref name="step"/>'s weight only once every host judged the
    /// step before (the first: passed its gate), so users meet the same share on every host. False when any host failed.
    /// </summary>
    public Task<bool> ArriveForCanaryStepAsync(string host, int step, CancellationToken cancellationToken = default) =>
        ArriveAsync(host, "canary step " + step.ToString(System.Globalization.CultureInfo.InvariantCulture), pastBoot: true, cancellationToken);

    private async Task<bool> ArriveAsync(string host, string barrier, bool pastBoot, CancellationToken cancellationToken)
    {
        Task<bool> open;
        lock (gate)
        {
            Require(host);
            var there = Open(barrier);
            there.Add(host);
            if (pastBoot)
            {
                // Past its gate: the next host may boot.
                LeaveBoot(host);
            }

            Settle();
            open = Cause is null ? opened[barrier].Task : Task.FromResult(false);
        }

        return await open.WaitAsync(cancellationToken);
    }

    private HashSet<string> Open(string barrier)
    {
        if (!arrived.TryGetValue(barrier, out var there))
        {
            there = new HashSet<string>(StringComparer.Ordinal);
            arrived[barrier] = there;
            opened[barrier] = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        return there;
    }

    /// <summary>
    /// <see cref="ArriveAsync"/>, and when another host failed, this one aborts <paramref name="when"/> (exit 10) naming
    /// that host: nothing of its own has switched yet, so its usual abort leaves the serving version untouched.
    /// </summary>
    public async Task ArriveOrAbortAsync(string host, HostBarrier barrier, string when, CancellationToken cancellationToken = default)
    {
        if (!await ArriveAsync(host, barrier, cancellationToken))
        {
            throw Aborted(host, when);
        }
    }

    /// <summary>The exit-10 failure of a host that backs out <paramref name="when"/> because another host failed.</summary>
    public BuildFailedException Aborted(string host, string when) =>
        new(ExitCodes.DeployAborted, $"Aborted on {host} {when} because {Because(host)}. The serving version is untouched on {host}.");

    /// <summary><paramref name="host"/> failed: every host waiting, now or later, is told (the first failure is the cause).</summary>
    public void Fail(string host, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        lock (gate)
        {
            Require(host);
            Cause ??= (host, exception.Message.Split('\n')[0].Trim().TrimEnd('.'));
            foreach (var barrier in opened.Values.Concat(waitingToBoot.Values))
            {
                barrier.TrySetResult(false);
            }

            waitingToBoot.Clear();
        }

        failed.Cancel();
    }

    /// <summary><paramref name="host"/>'s sequence ended without failing: it waits for nobody and nobody waits for it.</summary>
    public void End(string host)
    {
        lock (gate)
        {
            Require(host);
            ended.Add(host);
            LeaveBoot(host);
            Settle();
        }
    }

    /// <summary>What a host that backs out because of another says: which host failed, and why.</summary>
    public string Because(string host) =>
        Cause is var (cause, reason) ? $"host {cause} failed: {reason}" : $"a host other than {host} failed";

    public void Dispose() => failed.Dispose();

    private void Settle()
    {
        if (Cause is not null)
        {
            return;
        }

        foreach (var (barrier, there) in arrived)
        {
            if (hosts.All(h => there.Contains(h) || ended.Contains(h)))
            {
                opened[barrier].TrySetResult(true);
            }
        }
    }

    private void LeaveBoot(string host)
    {
        // Also a host that never booted (a warm rollback, a version it already serves): it holds nobody up from here.
        booting.Remove(host);
        if (pastBoot.Add(host))
        {
            AdmitToBoot();
        }
    }

    private void AdmitToBoot()
    {
        if (bootLimit >= hosts.Count)
        {
            // No limit: nobody waits for anybody, not even for an earlier host still pulling its image.
            foreach (var (host, turn) in waitingToBoot)
            {
                booting.Add(host);
                turn.TrySetResult(true);
            }

            waitingToBoot.Clear();
            return;
        }

        foreach (var next in hosts.Where(h => !booting.Contains(h) && !pastBoot.Contains(h)).ToList())
        {
            if (booting.Count >= bootLimit || !waitingToBoot.Remove(next, out var turn))
            {
                // No turn free, or the next host in the list has not asked yet: nobody after it may go first.
                return;
            }

            booting.Add(next);
            turn.TrySetResult(true);
        }
    }

    private void Require(string host)
    {
        if (!hosts.Contains(host, StringComparer.Ordinal))
        {
            throw new ArgumentException($"{host} is not one of the coordinated hosts ({string.Join(", ", hosts)}).", nameof(host));
        }
    }
}
