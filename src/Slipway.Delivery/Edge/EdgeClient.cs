using System.Diagnostics;
using System.Net;
using Serilog;
using Slipway.Delivery.Docker;
using Slipway.Engine;

namespace Slipway.Delivery.Edge;

/// <summary>
/// Drives one environment's edge through HAProxy's runtime API: reads the slots' state and counters, points a slot at
/// an upstream, gates on its health, switches traffic atomically, drains, and toggles maintenance. After every change it
/// saves <c>show servers state</c> to the server-state file, so a restarted edge serves what it served before.
/// </summary>
/// <remarks>Not safe for concurrent use: a deploy holds the environment's lock while it drives the edge.</remarks>
internal sealed class EdgeClient
{
    private static readonly TimeSpan FastestPoll = TimeSpan.FromMilliseconds(100);

    private readonly IEdgeRuntimeTransport transport;
    private readonly IEdgeFileStore stateStore;
    private readonly IEdgeFileStore maintenanceStore;
    private readonly string maintenanceMap;
    private readonly EdgeHealthCheckSettings healthCheck;

    /// <param name="transport">The runtime API.</param>
    /// <param name="stateStore">The server-state file.</param>
    /// <param name="maintenanceStore">The maintenance map file.</param>
    /// <param name="settings">The edge's settings: its maintenance map's path as HAProxy sees it, its health checks.</param>
    public EdgeClient(IEdgeRuntimeTransport transport, IEdgeFileStore stateStore, IEdgeFileStore maintenanceStore, EdgeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(stateStore);
        ArgumentNullException.ThrowIfNull(maintenanceStore);
        ArgumentNullException.ThrowIfNull(settings);
        this.transport = transport;
        this.stateStore = stateStore;
        this.maintenanceStore = maintenanceStore;
        maintenanceMap = settings.MaintenanceMapFile;
        healthCheck = settings.HealthCheck;
    }

    /// <summary>A client for an edge container on a local or remote (<c>ssh://</c>) Docker host, driven through <c>docker exec</c>.</summary>
    public static EdgeClient ForContainer(EdgeSettings settings, DockerEngine engine, EdgeContainerCommands container)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new EdgeClient(
            new DockerExecRuntimeTransport(engine, container, settings.StatsSocketPath),
            new DockerExecEdgeFileStore(engine, container, settings.ServerStateFile),
            new DockerExecEdgeFileStore(engine, container, settings.MaintenanceMapFile),
            settings);
    }

    public string Description => transport.Description;

    /// <summary>Both slots with their live counters, and the maintenance switch.</summary>
    public async Task<EdgeStatus> ReadStatusAsync(CancellationToken cancellationToken = default)
    {
        // One line, one round trip: over ssh:// each is a docker exec on the server, the cost of every gate poll.
        var answer = await QueryAsync(
            RuntimeApiCommands.Sequence(RuntimeApiCommands.ShowServersState(), RuntimeApiCommands.ShowStat(EdgeNames.AppBackend)), cancellationToken);
        var (servers, statistics) = HaproxyOutputParser.SplitServersStateAndStatistics(answer);
        return EdgeStatus.From(HaproxyOutputParser.ParseServersState(servers), HaproxyOutputParser.ParseStatistics(statistics));
    }

    /// <summary>
    /// The state as last saved to the server-state file — what the edge will serve after a restart. Works while the
    /// edge is down; null before the first save.
    /// </summary>
    public async Task<EdgeStatus?> ReadSavedStatusAsync(CancellationToken cancellationToken = default)
    {
        var saved = await stateStore.LoadAsync(cancellationToken);
        return saved is null ? null : EdgeStatus.From(HaproxyOutputParser.ParseServersState(saved));
    }

    /// <summary>
    /// Points a slot that is not serving at a new upstream and starts checking it from scratch: maintenance (checks
    /// stop), the new address, drain (checked, but no new requests), then forced down, so it must pass <c>rise</c> fresh
    /// checks before it counts as up. The deploy calls this right after starting the new container.
    /// </summary>
    public Task AssignAsync(EdgeSlot slot, IPEndPoint upstream, CancellationToken cancellationToken = default) =>
        AssignAsync(slot, [upstream], cancellationToken);

    /// <summary>
    /// <see cref="AssignAsync(EdgeSlot, IPEndPoint, CancellationToken)"/> for a slot with one replica per upstream (replica 1
    /// first), in one runtime API line; the slot's further servers, if a bigger version left them assigned, leave the edge.
    /// </summary>
    public async Task AssignAsync(EdgeSlot slot, IReadOnlyList<IPEndPoint> upstreams, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(upstreams);
        if (upstreams.Count is 0 or > EdgeServer.MaxReplicas)
        {
            throw new ArgumentException($"A slot has 1 to {EdgeServer.MaxReplicas} replicas, not {upstreams.Count}.", nameof(upstreams));
        }

        var status = await ReadStatusAsync(cancellationToken);
        RefuseIfServing(status, slot, $"assign it to {string.Join(", ", upstreams)}");
        Log.Information("Edge {Edge}: assigning {Slot} to {Upstream}", Description, slot.ServerName, string.Join(", ", upstreams));
        var servers = upstreams.Select((upstream, index) => (new EdgeServer(slot, index + 1), upstream)).ToList();
        var leftovers = status.Servers.Where(s => s.Slot == slot && s.IsAssigned && s.Replica > upstreams.Count).Select(s => s.Server);
        await ExecuteAndSaveAsync(RuntimeApiCommands.Sequence([.. servers.SelectMany(s => AssignCommands(s.Item1, s.upstream)), .. leftovers.SelectMany(UnassignCommands)]),
            cancellationToken);
    }

    /// <summary>
    /// Points further servers of a serving slot at new replicas of its version (a scale-up), each drained and forced down
    /// as in <see cref="AssignAsync(EdgeSlot, IPEndPoint, CancellationToken)"/>: they take no request until
    /// <see cref="EnableReplicasAsync"/>.
    /// </summary>
    public async Task AddReplicasAsync(IReadOnlyList<(EdgeServer Server, IPEndPoint Upstream)> replicas, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(replicas);
        var status = await ReadStatusAsync(cancellationToken);
        var busy = replicas.Select(r => r.Server)
            .Where(r => r.Replica == 1 || status.Servers.Any(s => s.Server == r && s.IsAssigned && s.AdminState == ServerAdminState.Ready))
            .ToList();
        if (busy.Count > 0)
        {
            throw BuildFailedException.BadInput($"Refusing to add {string.Join(", ", busy)} as replicas: a slot's first server, or in rotation ({status}).");
        }

        Log.Information("Edge {Edge}: adding {Replicas}", Description, string.Join(", ", replicas.Select(r => $"{r.Server} -> {r.Upstream}")));
        await ExecuteAndSaveAsync(RuntimeApiCommands.Sequence(replicas.SelectMany(r => AssignCommands(r.Server, r.Upstream))), cancellationToken);
    }

    /// <summary>Puts gated replicas in rotation beside their slot's first server, with its weight, in one runtime API line.</summary>
    public async Task<EdgeStatus> EnableReplicasAsync(IReadOnlyList<EdgeServer> replicas, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(replicas);
        var status = await ReadStatusAsync(cancellationToken);
        Log.Information("Edge {Edge}: {Replicas} in rotation", Description, string.Join(", ", replicas));
        return await ExecuteAndSaveAsync(
            RuntimeApiCommands.Sequence(replicas.SelectMany(r => new[]
            {
                RuntimeApiCommands.SetWeight(EdgeNames.AppBackend, r.Name, status[r.Slot].Weight),
                RuntimeApiCommands.SetState(EdgeNames.AppBackend, r.Name, ServerAdminState.Ready),
            })),
            cancellationToken,
            withStatistics: true);
    }

    /// <summary>
    /// Takes replicas out (a scale-down): drained in one line, so their requests in flight finish while the slot's other
    /// servers take the new ones; once idle (or after <paramref name="drainTimeout"/>), out of the edge and unassigned.
    /// </summary>
    public async Task RemoveReplicasAsync(IReadOnlyList<EdgeServer> replicas, TimeSpan drainTimeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(replicas);
        if (replicas.Any(r => r.Replica == 1))
        {
            throw new ArgumentException("A slot's first server stands for the slot: retire the slot instead.", nameof(replicas));
        }

        Log.Information("Edge {Edge}: draining {Replicas}", Description, string.Join(", ", replicas));
        await ExecuteAndSaveAsync(
            RuntimeApiCommands.Sequence(replicas.Select(r => RuntimeApiCommands.SetState(EdgeNames.AppBackend, r.Name, ServerAdminState.Drain))), cancellationToken);
        if (!await WaitUntilDrainedAsync(replicas, drainTimeout, cancellationToken))
        {
            Log.Warning("Edge {Edge}: {Replicas} still had requests in flight after {Seconds:0} s; removing them anyway", Description, string.Join(", ", replicas), drainTimeout.TotalSeconds);
        }

        await ExecuteAndSaveAsync(RuntimeApiCommands.Sequence(replicas.SelectMany(UnassignCommands)), cancellationToken);
    }

    private static IEnumerable<string> AssignCommands(EdgeServer server, IPEndPoint upstream) =>
    [
        RuntimeApiCommands.SetState(EdgeNames.AppBackend, server.Name, ServerAdminState.Maintenance),
        RuntimeApiCommands.SetAddress(EdgeNames.AppBackend, server.Name, upstream),
        RuntimeApiCommands.SetState(EdgeNames.AppBackend, server.Name, ServerAdminState.Drain),
        RuntimeApiCommands.SetWeight(EdgeNames.AppBackend, server.Name, EdgeNames.FullWeight),
        RuntimeApiCommands.ForceHealthDown(EdgeNames.AppBackend, server.Name),
    ];

    // Back to the placeholder, so the server counts as unassigned (and would fail its checks if ever enabled).
    private static IEnumerable<string> UnassignCommands(EdgeServer server) =>
    [
        RuntimeApiCommands.SetState(EdgeNames.AppBackend, server.Name, ServerAdminState.Maintenance),
        RuntimeApiCommands.SetAddress(EdgeNames.AppBackend, server.Name, new IPEndPoint(IPAddress.Parse(EdgeNames.UnassignedHost), EdgeNames.UnassignedPort)),
    ];

    /// <summary>Sets a slot's address and port as they are. Refused while the slot serves; prefer <see cref="AssignAsync"/>.</summary>
    public async Task SetAddressAsync(EdgeSlot slot, IPEndPoint upstream, CancellationToken cancellationToken = default)
    {
        var status = await ReadStatusAsync(cancellationToken);
        RefuseIfServing(status, slot, $"change its address to {upstream}");
        await ExecuteAndSaveAsync(RuntimeApiCommands.SetAddress(EdgeNames.AppBackend, slot.ServerName, upstream), cancellationToken);
    }

    /// <summary>
    /// Sets a slot's admin state (every assigned replica's) as it is: ready (enable), drain, maintenance (disable). No health gate; a switch
    /// should use <see cref="SwitchToAsync"/>.
    /// </summary>
    public async Task SetStateAsync(EdgeSlot slot, ServerAdminState state, CancellationToken cancellationToken = default)
    {
        Log.Information("Edge {Edge}: {Slot} -> {State}", Description, slot.ServerName, state);
        await ExecuteAndSaveAsync(SetStateCommands(await ReadStatusAsync(cancellationToken), slot, state), cancellationToken);
    }

    /// <summary>
    /// Waits until HAProxy reports every assigned replica of the slot UP and each has passed <paramref name="consecutiveChecks"/>
    /// health checks in a row. Reaching UP proves <c>rise</c> passes (a server is forced down when assigned); each further
    /// check interval spent UP with a passing last check and no new failed check adds one.
    /// </summary>
    public Task<EdgeHealthGateResult> WaitUntilHealthyAsync(
        EdgeSlot slot, int consecutiveChecks, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        WaitUntilHealthyAsync(slot, null, consecutiveChecks, timeout, null, cancellationToken);

    /// <summary>The gate of <see cref="WaitUntilHealthyAsync(EdgeSlot, int, TimeSpan, CancellationToken)"/> for some servers only (new replicas).</summary>
    public Task<EdgeHealthGateResult> WaitUntilHealthyAsync(
        IReadOnlyList<EdgeServer> servers, int consecutiveChecks, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(servers);
        if (servers.Count == 0)
        {
            throw new ArgumentException("Name at least one server to gate.", nameof(servers));
        }

        return WaitUntilHealthyAsync(servers[0].Slot, servers, consecutiveChecks, timeout, null, cancellationToken);
    }

    // "first": a status read just now, taken as the first sample instead of asking the edge again. "only": the servers
    // gated; null: every assigned replica of the slot.
    private async Task<EdgeHealthGateResult> WaitUntilHealthyAsync(
        EdgeSlot slot, IReadOnlyList<EdgeServer>? only, int consecutiveChecks, TimeSpan timeout, EdgeStatus? first, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(consecutiveChecks, 1);
        var poll = healthCheck.Interval < FastestPoll ? healthCheck.Interval : FastestPoll;
        var clock = Stopwatch.StartNew();
        var upSince = new Dictionary<EdgeServer, (TimeSpan Since, long FailedChecks)>();
        while (true)
        {
            var status = first ?? await ReadStatusAsync(cancellationToken);
            first = null;
            var servers = only is null ? status.ReplicasOf(slot) : [.. status.Servers.Where(s => only.Contains(s.Server))];
            var (passes, weakest) = (int.MaxValue, servers[0]);
            foreach (var current in servers)
            {
                var stats = current.Statistics;
                if (current.AdminState == ServerAdminState.Maintenance)
                {
                    // A server in maintenance is not checked at all; waiting could never succeed.
                    return new EdgeHealthGateResult(false, 0, current, clock.Elapsed);
                }

                var own = 0;
                if (current.IsUp && stats is { LastCheckPassed: true }
                    && (!upSince.TryGetValue(current.Server, out var up) || stats.ChecksFailed == up.FailedChecks))
                {
                    var since = upSince.TryGetValue(current.Server, out var known) ? known.Since : clock.Elapsed;
                    upSince[current.Server] = (since, stats.ChecksFailed);
                    own = (stats.CheckRise ?? healthCheck.Rise) + (int)((clock.Elapsed - since) / healthCheck.Interval);
                }
                else
                {
                    upSince.Remove(current.Server);
                    if (stats is { LastCheckPassed: true, CheckHealth: > 0 and var rising })
                    {
                        // Rising towards rise: HAProxy's health counts the consecutive passes so far (a failure resets it).
                        own = rising;
                    }
                }

                if (own < passes)
                {
                    (passes, weakest) = (own, current);
                }
            }

            if (passes >= consecutiveChecks)
            {
                return new EdgeHealthGateResult(true, passes, weakest, clock.Elapsed);
            }

            if (clock.Elapsed >= timeout)
            {
                return new EdgeHealthGateResult(false, passes, weakest, clock.Elapsed);
            }

            BuildProgress.Report($"readiness {passes}/{consecutiveChecks} of {(servers.Count == 1 ? weakest.Server.Name : $"{servers.Count} {slot.ServerName} replicas")}");
            await Task.Delay(poll, cancellationToken);
        }
    }

    /// <summary>
    /// Moves new requests to <paramref name="target"/>: gates on its health, then in one runtime API line enables it and
    /// drains the other slot, so there is never a moment without a usable slot and requests in flight on the old slot
    /// finish there. The old slot stays checked (warm) for an instant switch back. Refused — with nothing changed for
    /// the serving slot — when the target does not prove healthy in time.
    /// </summary>
    public async Task<EdgeStatus> SwitchToAsync(EdgeSlot target, EdgeSwitchOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new EdgeSwitchOptions();
        var before = await ReadStatusAsync(cancellationToken);
        var next = before[target];
        var previous = before[target.Other];
        if (!next.IsAssigned)
        {
            throw new EdgeSwitchRefusedException(target, $"Refusing to switch to {target.ServerName}: no upstream is assigned to it. {before}");
        }

        if (before.ActiveSlot == target && next.IsServing && next.Weight == EdgeNames.FullWeight && !previous.IsInRotation)
        {
            Log.Information("Edge {Edge}: {Slot} is already serving", Description, target.ServerName);
            return before;
        }

        var targets = before.ReplicasOf(target).Select(r => r.Server.Name).ToList();
        var wokenFromMaintenance = next.AdminState == ServerAdminState.Maintenance;
        if (wokenFromMaintenance)
        {
            // Checks only run outside maintenance; drain keeps it out of rotation while it proves itself.
            await ExecuteAsync(
                RuntimeApiCommands.Sequence(targets.SelectMany(server => new[]
                {
                    RuntimeApiCommands.SetState(EdgeNames.AppBackend, server, ServerAdminState.Drain),
                    RuntimeApiCommands.ForceHealthDown(EdgeNames.AppBackend, server),
                })),
                cancellationToken);
        }

        var required = options.ConsecutiveChecks ?? healthCheck.Rise;
        Log.Information("Edge {Edge}: waiting for {Slot} ({Upstream}) to pass {Checks} consecutive health checks", Description, target.ServerName, next.Upstream, required);
        var gate = await WaitUntilHealthyAsync(target, null, required, options.HealthTimeout, wokenFromMaintenance ? null : before, cancellationToken);
        if (!gate.Passed)
        {
            if (wokenFromMaintenance)
            {
                await ExecuteAndSaveAsync(
                    RuntimeApiCommands.Sequence(targets.Select(server => RuntimeApiCommands.SetState(EdgeNames.AppBackend, server, ServerAdminState.Maintenance))),
                    cancellationToken);
            }
            else
            {
                await SaveStateAsync(cancellationToken);
            }
            throw new EdgeSwitchRefusedException(
                target,
                $"Refusing to switch to {target.ServerName} ({next.Upstream}): it passed {gate.ConsecutivePasses} of {required} consecutive health checks " +
                $"within {options.HealthTimeout.TotalSeconds:0.#} s (last: {gate.Slot}). " +
                $"{(previous.IsServing ? $"{previous.Slot.ServerName} keeps serving." : "No slot was serving before.")}");
        }

        // Weights back to full: after a canary the target takes everything, and the drained slot is whole for a switch back.
        var commands = new List<string>();
        var forceUp = required < healthCheck.Rise && !gate.Slot.IsUp;
        foreach (var server in targets)
        {
            if (forceUp)
            {
                // Passed fewer checks than rise, as asked: HAProxy would not route to it before rise, so it is told.
                commands.Add(RuntimeApiCommands.ForceHealthUp(EdgeNames.AppBackend, server));
            }

            commands.Add(RuntimeApiCommands.SetWeight(EdgeNames.AppBackend, server, EdgeNames.FullWeight));
            commands.Add(RuntimeApiCommands.SetState(EdgeNames.AppBackend, server, ServerAdminState.Ready));
        }

        foreach (var other in before.ReplicasOf(target.Other))
        {
            if (other.AdminState == ServerAdminState.Ready)
            {
                commands.Add(RuntimeApiCommands.SetState(EdgeNames.AppBackend, other.Server.Name, ServerAdminState.Drain));
            }

            if (other.Weight != EdgeNames.FullWeight)
            {
                commands.Add(RuntimeApiCommands.SetWeight(EdgeNames.AppBackend, other.Server.Name, EdgeNames.FullWeight));
            }
        }

        Log.Information("Edge {Edge}: switching traffic to {Slot} ({Upstream})", Description, target.ServerName, next.Upstream);
        // The switch, the state saved for a restart and the check that it took effect: one line, one round trip.
        var after = await ExecuteAndSaveAsync(RuntimeApiCommands.Sequence(commands), cancellationToken, withStatistics: true);
        if (after.ActiveSlot != target)
        {
            throw new EdgeRuntimeApiException(
                RuntimeApiCommands.Sequence(commands), $"The switch to {target.ServerName} did not take effect: {after}");
        }

        return after;
    }

    /// <summary>
    /// Gives a canary slot <paramref name="percent"/> % of new requests and the serving slot the rest, in one runtime API
    /// line (weights first, so the canary never takes more than its share, not even for an instant). The canary must be
    /// assigned and have passed its gate (drained or already sharing); the stable slot must be serving.
    /// </summary>
    public async Task<EdgeStatus> SetCanaryWeightAsync(EdgeSlot canary, int percent, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(percent, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, EdgeNames.FullWeight - 1);
        var before = await ReadStatusAsync(cancellationToken);
        var stable = canary.Other;
        if (!before[canary].IsAssigned || before[canary].AdminState == ServerAdminState.Maintenance || !before[stable].IsServing)
        {
            throw new EdgeSwitchRefusedException(canary,
                $"Refusing to send {percent} % of requests to {canary.ServerName}: a canary needs it assigned and gated, and {stable.ServerName} serving. {before}");
        }

        Log.Information("Edge {Edge}: {Canary} takes {Percent} % of new requests, {Stable} {Rest} %", Description, canary.ServerName, percent, stable.ServerName,
            EdgeNames.FullWeight - percent);
        // Every replica of a slot gets the slot's weight: with as many replicas on each side (a deploy starts the new version
        // with the live one's count) the shares are the percentages.
        var canaries = before.ReplicasOf(canary).Select(r => r.Server.Name).ToList();
        return await ExecuteAndSaveAsync(
            RuntimeApiCommands.Sequence([
                .. canaries.Select(server => RuntimeApiCommands.SetWeight(EdgeNames.AppBackend, server, percent)),
                .. before.ReplicasOf(stable).Select(r => RuntimeApiCommands.SetWeight(EdgeNames.AppBackend, r.Server.Name, EdgeNames.FullWeight - percent)),
                .. canaries.Select(server => RuntimeApiCommands.SetState(EdgeNames.AppBackend, server, ServerAdminState.Ready))]),
            cancellationToken,
            withStatistics: true);
    }

    /// <summary>
    /// Ends a canary at once: the stable slot takes every new request again (weight 0 for the canary, which also ends
    /// the cookie's stickiness), and the canary drains, still checked, so its requests in flight finish.
    /// </summary>
    public async Task<EdgeStatus> AbortCanaryAsync(EdgeSlot canary, CancellationToken cancellationToken = default)
    {
        Log.Warning("Edge {Edge}: {Canary} out of rotation, {Stable} takes every request", Description, canary.ServerName, canary.Other.ServerName);
        var before = await ReadStatusAsync(cancellationToken);
        var canaries = before.ReplicasOf(canary).Select(r => r.Server.Name).ToList();
        return await ExecuteAndSaveAsync(
            RuntimeApiCommands.Sequence([
                .. canaries.Select(server => RuntimeApiCommands.SetWeight(EdgeNames.AppBackend, server, 0)),
                .. before.ReplicasOf(canary.Other).Select(r => RuntimeApiCommands.SetWeight(EdgeNames.AppBackend, r.Server.Name, EdgeNames.FullWeight)),
                .. canaries.Select(server => RuntimeApiCommands.SetState(EdgeNames.AppBackend, server, ServerAdminState.Drain))]),
            cancellationToken,
            withStatistics: true);
    }

    /// <summary>Waits until a slot (all its replicas) has no request in progress or queued; true when it got there within the timeout.</summary>
    public Task<bool> WaitUntilDrainedAsync(EdgeSlot slot, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        WaitUntilDrainedAsync(status => [.. status.ReplicasOf(slot).Select(r => r.Server)], timeout, cancellationToken);

    private Task<bool> WaitUntilDrainedAsync(IReadOnlyList<EdgeServer> servers, TimeSpan timeout, CancellationToken cancellationToken) =>
        WaitUntilDrainedAsync(_ => servers, timeout, cancellationToken);

    private async Task<bool> WaitUntilDrainedAsync(Func<EdgeStatus, IReadOnlyList<EdgeServer>> servers, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var status = await ReadStatusAsync(cancellationToken);
            var drained = servers(status);
            var stats = ServerStatistics.Sum([.. status.Servers.Where(s => drained.Contains(s.Server)).Select(s => s.Statistics).OfType<ServerStatistics>()]);
            if (stats is { CurrentSessions: 0, QueuedRequests: 0 })
            {
                return true;
            }

            if (clock.Elapsed >= timeout)
            {
                return false;
            }

            await Task.Delay(FastestPoll, cancellationToken);
        }
    }

    /// <summary>Takes a slot that no longer serves out of the edge entirely (maintenance: no traffic, no checks), e.g. before its container is removed.</summary>
    public async Task RetireAsync(EdgeSlot slot, CancellationToken cancellationToken = default)
    {
        var status = await ReadStatusAsync(cancellationToken);
        RefuseIfServing(status, slot, "retire it");
        Log.Information("Edge {Edge}: {Slot} -> {State}", Description, slot.ServerName, ServerAdminState.Maintenance);
        await ExecuteAndSaveAsync(SetStateCommands(status, slot, ServerAdminState.Maintenance), cancellationToken);
    }

    /// <summary>
    /// Turns maintenance on with <paramref name="page"/>: every public request gets its 503 until <see cref="MaintenancePage.Until"/>
    /// (the edge's clock decides) or <see cref="EndMaintenanceAsync"/>. The map file is written first, then the page and
    /// the switch go live in one runtime API line, so a restart at any moment comes back with a whole page.
    /// </summary>
    public async Task StartMaintenanceAsync(MaintenancePage page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(page);
        Log.Information("Edge {Edge}: maintenance on{Until}", Description, page.Until is { } until ? $" until {until:u}" : string.Empty);
        await maintenanceStore.SaveAsync(page.MapFile, cancellationToken);
        await ExecuteAndSaveAsync(
            RuntimeApiCommands.Sequence([
                RuntimeApiCommands.ClearMap(maintenanceMap),
                .. page.Entries.Select(e => RuntimeApiCommands.AddMap(maintenanceMap, e.Key, e.Value)),
                RuntimeApiCommands.SetState(EdgeNames.MaintenanceBackend, EdgeNames.MaintenanceServer, ServerAdminState.Ready)]),
            cancellationToken);
    }

    /// <summary>Turns maintenance off: requests reach the service again at once. The page stays in the map, unused.</summary>
    public async Task EndMaintenanceAsync(CancellationToken cancellationToken = default)
    {
        Log.Information("Edge {Edge}: maintenance off", Description);
        await ExecuteAndSaveAsync(
            RuntimeApiCommands.SetState(EdgeNames.MaintenanceBackend, EdgeNames.MaintenanceServer, ServerAdminState.Maintenance), cancellationToken);
    }

    /// <summary>
    /// The maintenance switch and the page in the edge's map; null when the switch is off. A page whose deadline passed
    /// (by this machine's clock; the edge goes by its own) is no longer answered even though the switch is on.
    /// </summary>
    public async Task<MaintenancePage?> ReadMaintenanceAsync(CancellationToken cancellationToken = default)
    {
        var answer = await QueryAsync(
            RuntimeApiCommands.Sequence(RuntimeApiCommands.ShowServersState(EdgeNames.MaintenanceBackend), RuntimeApiCommands.ShowMap(maintenanceMap)), cancellationToken);
        var (state, map) = HaproxyOutputParser.SplitServersStateAndMap(answer);
        var on = HaproxyOutputParser.ParseServersState(state)
            .Any(s => s.Backend == EdgeNames.MaintenanceBackend && s.Server == EdgeNames.MaintenanceServer && s.AdminState != ServerAdminState.Maintenance);
        return on ? MaintenancePage.From(HaproxyOutputParser.ParseMap(map)) ?? new MaintenancePage { Message = string.Empty } : null;
    }

    /// <summary>Saves the live <c>show servers state</c> to the server-state file, which HAProxy loads on its next start.</summary>
    public async Task SaveStateAsync(CancellationToken cancellationToken = default)
    {
        var state = await QueryAsync(RuntimeApiCommands.ShowServersState(), cancellationToken);

        // Parse before saving: a garbled answer must never replace a good state file.
        _ = EdgeStatus.From(HaproxyOutputParser.ParseServersState(state));
        await stateStore.SaveAsync(state, cancellationToken);
    }

    // Every assigned replica of the slot, in one line.
    private static string SetStateCommands(EdgeStatus status, EdgeSlot slot, ServerAdminState state) =>
        RuntimeApiCommands.Sequence(status.ReplicasOf(slot).Select(r => RuntimeApiCommands.SetState(EdgeNames.AppBackend, r.Server.Name, state)));

    private static void RefuseIfServing(EdgeStatus status, EdgeSlot slot, string action)
    {
        if (status[slot] is { IsAssigned: true, AdminState: ServerAdminState.Ready })
        {
            throw BuildFailedException.BadInput(
                $"Refusing to {action}: {slot.ServerName} is in rotation ({status}). Switch traffic to {slot.Other.ServerName} first.");
        }
    }

    private async Task<string> QueryAsync(string command, CancellationToken cancellationToken)
    {
        var answer = await transport.SendAsync(command, cancellationToken);
        if (answer.StartsWith("Unknown command", StringComparison.Ordinal) || answer.StartsWith("No such", StringComparison.Ordinal)
            || answer.StartsWith("Can't find", StringComparison.Ordinal) || answer.StartsWith("Permission denied", StringComparison.Ordinal))
        {
            throw new EdgeRuntimeApiException(command, $"The edge ({Description}) refused '{command}': {answer.Trim()}");
        }

        return answer;
    }

    /// <summary>
    /// Runs a change and reads <c>show servers state</c> right after it in the same line (and <c>show stat</c> when
    /// asked), then saves that state: what took two or three round trips to the edge — a <c>docker exec</c> each, over
    /// ssh:// the main cost of a switch — takes one, plus the file write. Returns the status read after the change.
    /// </summary>
    private async Task<EdgeStatus> ExecuteAndSaveAsync(string command, CancellationToken cancellationToken, bool withStatistics = false)
    {
        var read = withStatistics
            ? RuntimeApiCommands.Sequence(RuntimeApiCommands.ShowServersState(), RuntimeApiCommands.ShowStat(EdgeNames.AppBackend))
            : RuntimeApiCommands.ShowServersState();
        var answer = await transport.SendAsync(RuntimeApiCommands.Sequence(command, read), cancellationToken);
        var (reply, rest) = HaproxyOutputParser.SplitReplyAndServersState(answer);
        RuntimeApiResponse.EnsureSucceeded(command, reply);
        var (state, statistics) = withStatistics ? HaproxyOutputParser.SplitServersStateAndStatistics(rest) : (rest, null);

        // Parse before saving: a garbled answer must never replace a good state file.
        var servers = HaproxyOutputParser.ParseServersState(state);
        var status = statistics is null ? EdgeStatus.From(servers) : EdgeStatus.From(servers, HaproxyOutputParser.ParseStatistics(statistics));
        await stateStore.SaveAsync(state, cancellationToken);
        return status;
    }

    private async Task ExecuteAsync(string command, CancellationToken cancellationToken)
    {
        var answer = await transport.SendAsync(command, cancellationToken);
        RuntimeApiResponse.EnsureSucceeded(command, answer);
    }
}
