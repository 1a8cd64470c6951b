using System.Diagnostics;
using Serilog;
using Slipway.Delivery.Docker;
using Slipway.Delivery.Edge;
using Slipway.Delivery.LocalInfra;
using Slipway.Delivery.Orchestration;
using Slipway.Engine;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Deploy;

/// <summary>
/// Makes sure an environment's edge runs on its host — image built, config seeded, container started — opens the runtime
/// API client, and (under the deploy lock) brings the config up to date. Idempotent and safe against a concurrent first
/// deploy (container names are unique, so of two <c>docker run</c>s one wins and the other finds it running).
/// </summary>
internal sealed class EdgeProvisioner(DockerEngine engine, DeployEnvironment environment)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    // A planted link or a huge file in the edge's volume (the edge's user owns it) must not make a root deploy read it.
    private const long MaxConfigBytes = 1 << 20;

    private readonly DeployCommands commands = new(engine.Cli, environment);

    // What the last inspection found: the edge does not change container during one operation.
    private EdgeContainerState? current;

    // The local volume found for an inspection, so /proc is read once per inspection, not per command.
    private (EdgeContainerState State, LocalEdgeVolume? Volume)? local;

    public EdgeContainerCommands Container { get; } = new(engine.Cli, DeployNames.Edge(environment.Name));

    public EdgeSettings Settings { get; } = SettingsFor(environment);

    /// <summary>
    /// Under Swarm every task listens behind one upstream (docs/deploy.md, Docker Swarm), so the edge's checks reach old
    /// and new tasks alike: a new task that fails its checks until Swarm rolls it back fails some of them, and taking the
    /// only upstream out would turn the share of requests it gets into all of them (measured: tens of thousands of 503s
    /// under wrk in docs/benchmarks-swarm.md). Swarm's own checks decide which tasks live; the edge's only gate the first
    /// route (rise), and a node with no task at all refuses connections, which fails the requests either way.
    /// </summary>
    internal const int SharedUpstreamFall = 100_000;

    /// <summary>The edge settings an environment implies: its public endpoint, readiness path and gate strictness.</summary>
    public static EdgeSettings SettingsFor(DeployEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return EdgeSettings.ForContainer(environment.Name, environment.PublicEndpoint) with
        {
            ReadinessPath = environment.HealthPath,
            HealthCheck = new EdgeHealthCheckSettings
            {
                Interval = environment.HealthCheckInterval,
                Timeout = TimeSpan.FromSeconds(2),
                Rise = environment.ReadinessPasses,
                Fall = environment.Orchestrator == DeployOrchestrator.Swarm ? SharedUpstreamFall : 2,
            },
        };
    }

    /// <summary>The edge container as the engine shows it now; null when it does not exist.</summary>
    public async Task<EdgeContainerState?> InspectAsync(CancellationToken cancellationToken = default)
    {
        var result = await engine.TryRunAsync(Container.Inspect(), cancellationToken);
        current = result.Succeeded ? EdgeContainerState.Parse(result.StandardOutput) : null;
        return current;
    }

    /// <summary>
    /// True when the edge's volume can be a directory this process may use (<see cref="LocalStateVolume"/>): the
    /// endpoint may be this machine's engine and the process is privileged. Known before the edge is inspected.
    /// </summary>
    public bool MayHaveLocalVolume =>
        Environment.IsPrivilegedProcess && engine.Endpoint.MayBeLocal(Environment.GetEnvironmentVariable("DOCKER_HOST"), Environment.GetEnvironmentVariable("DOCKER_CONTEXT"));

    /// <summary>The running edge's state volume on this machine, as the last inspection found it; null when remote, unreadable or not running.</summary>
    public LocalEdgeVolume? LocalStateVolume
    {
        get
        {
            if (current is not { } state)
            {
                return null;
            }

            if (local is { } known && ReferenceEquals(known.State, state))
            {
                return known.Volume;
            }

            var volume = LocalVolume(state) is { } directory ? LocalEdgeVolume.Of(directory, state.Pid) : null;
            local = (state, volume);
            return volume;
        }
    }

    /// <summary>The image the edge runs (for throw-away containers on its volumes); null when there is no edge.</summary>
    public async Task<string?> ImageAsync(CancellationToken cancellationToken = default) =>
        (current ?? await InspectAsync(cancellationToken))?.Image;

    /// <summary>Starts the edge when it is missing or stopped; its config is seeded only when it is created.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        Settings.Validate();
        var state = await InspectAsync(cancellationToken);
        if (state is null)
        {
            var image = await EnsureImageAsync(cancellationToken);
            Log.Information("Starting the edge of {Environment} ({Image}) on {Endpoint}", environment.Name, image, environment.PublicEndpoint);
            await engine.RunAsync(Container.SeedFile(image, Container.ContainerName, EdgeContainerLayout.ConfigFile, EdgeConfigRenderer.Render(Settings), EdgeContainerLayout.MaintenanceMap), cancellationToken);
            var run = await engine.TryRunAsync(Container.Run(image, Container.ContainerName, environment.Name), cancellationToken);
            if (!run.Succeeded && !run.StandardError.Contains("already in use", StringComparison.Ordinal))
            {
                run.EnsureSuccess();
            }

            await InspectAsync(cancellationToken);
        }
        else if (!state.Running)
        {
            Log.Information("The edge of {Environment} exists but is stopped: starting it", environment.Name);
            await engine.RunAsync(commands.Start(Container.ContainerName), cancellationToken);
            await InspectAsync(cancellationToken);
        }
    }

    /// <summary>A client for the running edge (changes nothing); fails when its runtime API does not answer in time.</summary>
    public async Task<EdgeClient> OpenAsync(CancellationToken cancellationToken = default)
    {
        var state = current ?? await InspectAsync(cancellationToken);
        return await OpenAsync(state, cancellationToken) ?? throw await EdgeDidNotStartAsync(cancellationToken);
    }

    /// <summary>A client for a running edge, without starting or changing anything; null when the edge is not running.</summary>
    public async Task<EdgeClient?> TryOpenExistingAsync(CancellationToken cancellationToken = default) =>
        await InspectAsync(cancellationToken) is { Running: true } state ? await OpenAsync(state, cancellationToken) : null;

    /// <summary>
    /// Brings the edge's config up to date, under the deploy lock: when the rendered config differs, saves the slots'
    /// state, writes the config and reloads HAProxy seamlessly. Returns the client to use afterwards.
    /// </summary>
    public async Task<EdgeClient> ApplyConfigAsync(EdgeClient client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var config = EdgeConfigRenderer.Render(Settings);
        var existing = await ReadConfigAsync(cancellationToken);
        if (existing is null || existing == config)
        {
            return client;
        }

        // Slots and their states live in the server-state file, saved after every change, so a reload keeps them.
        Log.Information("The edge config of {Environment} changed: writing it and reloading HAProxy seamlessly", environment.Name);
        await client.SaveStateAsync(cancellationToken);
        await engine.RunAsync(Container.WriteFile(EdgeContainerLayout.ConfigFile, config, EdgeContainerLayout.MaintenanceMap), cancellationToken);
        await engine.RunAsync(Container.Reload(), cancellationToken);
        await Task.Delay(TimeSpan.FromMilliseconds(300), cancellationToken);
        return await OpenAsync(cancellationToken);
    }

    /// <summary>
    /// The edge image on the target engine, built there from the embedded Dockerfile when missing. The base is the
    /// environment's <see cref="DeployEnvironment.EdgeBaseImage"/>, else the local stand-in when the engine has it
    /// (air-gapped machines), else the official <c>haproxy:2.6</c>.
    /// </summary>
    public async Task<string> EnsureImageAsync(CancellationToken cancellationToken = default)
    {
        var standIn = environment.EdgeBaseImage is null
            && (await engine.TryRunAsync(engine.Images.Labels(StandInImages.HaProxy), cancellationToken)).Succeeded;
        var baseImage = environment.EdgeBaseImage ?? (standIn ? StandInImages.HaProxy : EdgeImage.DefaultBase);
        var tag = EdgeImage.TagFor(baseImage);
        if ((await engine.TryRunAsync(engine.Images.Labels(tag), cancellationToken)).Succeeded)
        {
            return tag;
        }

        Log.Information("Building the edge image {Tag} on {Engine} from {Base}", tag, engine.Endpoint, baseImage);
        var context = Directory.CreateTempSubdirectory("slipway-edge-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(context.FullName, "Dockerfile"), EdgeImage.Dockerfile, cancellationToken);
            // A deploy's engine uses the first client that answered; a build needs the one that can build (buildx or BuildKit).
            var builder = await engine.ForBuildsAsync(cancellationToken);
            await builder.RunAsync(builder.Images.Build(new DockerBuildSettings
            {
                ContextDirectory = context.FullName,
                Tags = [tag],
                BuildArguments = new Dictionary<string, string> { ["HAPROXY_IMAGE"] = baseImage },
                // Stand-ins serve engines without a bridge network (ENVIRONMENT.md); RUN steps then need the host's.
                Network = standIn ? "host" : null,
            }), cancellationToken);
        }
        finally
        {
            context.Delete(recursive: true);
        }

        return tag;
    }

    private async Task<EdgeClient?> OpenAsync(EdgeContainerState? state, CancellationToken cancellationToken)
    {
        var local = LocalVolume(state);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartTimeout)
        {
            if (await TryTransportAsync(local, cancellationToken) is { } chosen)
            {
                return new EdgeClient(chosen.Transport, chosen.Store, chosen.MaintenanceStore, Settings);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }

        return null;
    }

    /// <summary>
    /// How the runtime API is reached. From the engine's own machine with access to Docker's volume directory (root),
    /// the admin socket inside the edge's volume directly — no process per command, which keeps a rollback well under a
    /// second; otherwise (a remote host, or no access) <c>docker exec</c>, which
    /// works everywhere. Null while the edge does not answer yet (a local one is waited for on its socket, which
    /// appears when HAProxy has started).
    /// </summary>
    private async Task<(IEdgeRuntimeTransport Transport, IEdgeFileStore Store, IEdgeFileStore MaintenanceStore)?> TryTransportAsync(string? local, CancellationToken cancellationToken)
    {
        var execStore = new DockerExecEdgeFileStore(engine, Container, Settings.ServerStateFile);
        var execMaintenanceStore = new DockerExecEdgeFileStore(engine, Container, Settings.MaintenanceMapFile);
        var socket = local is null ? null : Path.Combine(local, Path.GetFileName(EdgeContainerLayout.StatsSocket));
        if (socket is not null && System.Text.Encoding.UTF8.GetByteCount(socket) <= 107)
        {
            if (File.Exists(socket) && await AnswersAsync(SocketRuntimeTransport.UnixSocket(socket), cancellationToken))
            {
                Log.Debug("Edge runtime API of {Environment}: admin socket {Socket}", environment.Name, socket);
                return (SocketRuntimeTransport.UnixSocket(socket), new LocalEdgeFileStore(Path.Combine(local!, Path.GetFileName(EdgeContainerLayout.ServerStateFile))),
                    new LocalEdgeFileStore(Path.Combine(local!, Path.GetFileName(EdgeContainerLayout.MaintenanceMap))));
            }

            return null;
        }

        var exec = new DockerExecRuntimeTransport(engine, Container, Settings.StatsSocketPath);
        try
        {
            if ((await exec.SendAsync("show info", cancellationToken)).Contains("Name: HAProxy", StringComparison.Ordinal))
            {
                Log.Debug("Edge runtime API of {Environment}: docker exec", environment.Name);
                return (exec, execStore, execMaintenanceStore);
            }
        }
        catch (Exception exception) when (exception is EdgeRuntimeApiException or ToolException && !cancellationToken.IsCancellationRequested)
        {
            // Not answering yet: the caller tries again until its deadline.
        }

        return null;
    }

    /// <summary>
    /// The edge volume's directory when the engine runs on this machine and the directory is readable (root): the
    /// endpoint may be local, and the edge's main process is a process here whose cgroup names the container — no
    /// engine round trip (a remote engine's pid is some other process here, or none).
    /// </summary>
    private string? LocalVolume(EdgeContainerState? state)
    {
        if (state is not { Running: true, Pid: > 0, VolumeDirectory: { } directory }
            || !engine.Endpoint.MayBeLocal(Environment.GetEnvironmentVariable("DOCKER_HOST"), Environment.GetEnvironmentVariable("DOCKER_CONTEXT")))
        {
            return null;
        }

        try
        {
            return File.ReadAllText($"/proc/{state.Pid}/cgroup").Contains(state.Id, StringComparison.Ordinal) && Directory.Exists(directory) ? directory : null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The config the edge runs now: from its volume on this machine when it is local, else through <c>docker exec</c>; null when unknown.</summary>
    private async Task<string?> ReadConfigAsync(CancellationToken cancellationToken)
    {
        if (LocalVolume(current) is { } local)
        {
            var file = new FileInfo(Path.Combine(local, Path.GetFileName(EdgeContainerLayout.ConfigFile)));
            if (file.Exists && file.LinkTarget is null && file.Length <= MaxConfigBytes)
            {
                return await File.ReadAllTextAsync(file.FullName, cancellationToken);
            }
        }

        var read = await engine.TryRunAsync(Container.ReadFile(EdgeContainerLayout.ConfigFile), cancellationToken);
        return read.Succeeded ? read.StandardOutput : null;
    }

    private static async Task<bool> AnswersAsync(SocketRuntimeTransport transport, CancellationToken cancellationToken)
    {
        try
        {
            return (await transport.SendAsync("show info", cancellationToken)).Contains("Name: HAProxy", StringComparison.Ordinal);
        }
        catch (Exception exception) when (exception is IOException or System.Net.Sockets.SocketException or EdgeRuntimeApiException or OperationCanceledException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private async Task<BuildFailedException> EdgeDidNotStartAsync(CancellationToken cancellationToken)
    {
        var logs = await engine.TryRunAsync(commands.Logs(Container.ContainerName, 20), cancellationToken);
        return new BuildFailedException(
            $"The edge of {environment.Name} ({Container.ContainerName}) did not answer on its runtime API within {StartTimeout.TotalSeconds:0} s. " +
            $"Is port {environment.PublicEndpoint} free on the host? Its last log lines:{System.Environment.NewLine}" +
            (logs.StandardOutput + logs.StandardError).Trim());
    }
}
