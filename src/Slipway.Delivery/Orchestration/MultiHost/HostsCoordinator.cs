using Slipway.Engine;

namespace Slipway.Delivery.Orchestration.MultiHost;

/// <summary>
/// What the hosts of one deploy or rollback tell each other while each runs its own ordinary sequence side by side
/// (docs/deploy.md, Several hosts): a host waits at a <see cref="HostBarrier"/> until every other host is there too, or
/// until one of them failed — then it learns which host and why, and backs out its own way (before the switch: its new
/// colour removed, exit 10; after it: switched back, exit 11). A host whose sequence ended counts as past every barrier.
/// No processes: its decisions are unit-tested alone.
/// </summary>
internal sealed class HostsCoordinator : IDisposable
{
    private readonly Lock gate = new();
    private readonly IReadOnlyList<string> hosts;
    private readonly Dictionary<HostBarrier, HashSet<string>> arrived = [];
    private readonly Dictionary<HostBarrier, TaskCompletionSource<bool>> opened = [];
    private readonly HashSet<string> ended = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource failed = new();

    public HostsCoordinator(IReadOnlyList<string> hosts)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        this.hosts = hosts;
        foreach (var barrier in Enum.GetValues<HostBarrier>())
        {
            arrived[barrier] = new HashSet<string>(StringComparer.Ordinal);
            opened[barrier] = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>The first host that failed and its reason (the first line of its error); null while none did.</summary>
    public (string Host, string Reason)? Cause { get; private set; }

    /// <summary>Cancelled when any host fails: what a host waiting on its own (its gate, its bake) listens to.</summary>
    public CancellationToken AnyFailed => failed.Token;

    /// <summary>Whether every host got past the switch barrier: from then on a failure means switching back, not aborting.</summary>
    public bool SwitchOpened => opened[HostBarrier.Switch].Task is { IsCompletedSuccessfully: true, Result: true };

    /// <summary>
    /// <paramref name="host"/> is at <paramref name="barrier"/>: true once every host is there (or past it), false as
    /// soon as any host failed (<see cref="Cause"/> says which), at once when one already had.
    /// </summary>
    public async Task<bool> ArriveAsync(string host, HostBarrier barrier, CancellationToken cancellationToken = default)
    {
        Task<bool> open;
        lock (gate)
        {
            Require(host);
            arrived[barrier].Add(host);
            Settle();
            open = opened[barrier].Task;
        }

        return await open.WaitAsync(cancellationToken);
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
            foreach (var barrier in opened.Values)
            {
                barrier.TrySetResult(false);
            }
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

    private void Require(string host)
    {
        if (!hosts.Contains(host, StringComparer.Ordinal))
        {
            throw new ArgumentException($"{host} is not one of the coordinated hosts ({string.Join(", ", hosts)}).", nameof(host));
        }
    }
}
