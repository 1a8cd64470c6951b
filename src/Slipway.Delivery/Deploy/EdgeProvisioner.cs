using System.Diagnostics;
using System.Net;
using Serilog;
using Slipway.Delivery.Docker;
using Slipway.Delivery.Edge;
using Slipway.Delivery.LocalInfra;
using Slipway.Engine;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Deploy;

/// <summary>
/// Makes sure an environment's edge runs on its host — image built, config seeded, container started, config current —
/// and opens the runtime API client. Idempotent and safe against a concurrent first deploy (container names are unique,
/// so of two <c>docker run</c>s one wins and the other finds it running).
/// </summary>
internal sealed class EdgeProvisioner(DockerClient client, DockerEndpoint docker, DeployEnvironment environment)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly DeployCommands commands = new(docker, environment);

    public EdgeContainerCommands Container { get; } = new(DeployNames.Edge(environment.Name), docker.Host);

    public EdgeSettings Settings { get; } = SettingsFor(environment);

    /// <summary>The edge settings an environment implies: its public endpoint, readiness path and gate strictness.</summary>
    public static EdgeSettings SettingsFor(DeployEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return EdgeSettings.ForContainer(environment.Name, environment.PublicEndpoint) with
        {
            ReadinessPath = environment.HealthPath,
            AdminEndpoint = environment.EdgeAdminPort is { } port ? new IPEndPoint(IPAddress.Loopback, port) : null,
            HealthCheck = new EdgeHealthCheckSettings
            {
                Interval = environment.HealthCheckInterval,
                Timeout = TimeSpan.FromSeconds(2),
                Rise = environment.ReadinessPasses,
                Fall = 2,
            },
        };
    }

    /// <summary>Whether the edge container exists and runs, and the image it was started from.</summary>
    public async Task<(bool Exists, bool Running, string? Image)> InspectAsync(CancellationToken cancellationToken = default)
    {
        var state = await ToolRunner.RunAsync(commands.ContainerState(Container.ContainerName), cancellationToken);
        if (!state.Succeeded)
        {
            return (false, false, null);
        }

        var parts = state.StandardOutput.Trim().Split(' ');
        return (true, parts[0] is "running" or "restarting", parts.Length > 3 ? parts[3] : null);
    }

    /// <summary>Starts the edge when it is missing or stopped, brings its config up to date, and returns a connected client.</summary>
    public async Task<EdgeClient> EnsureRunningAsync(CancellationToken cancellationToken = default)
    {
        Settings.Validate();
        var config = EdgeConfigRenderer.Render(Settings);
        var (exists, running, _) = await InspectAsync(cancellationToken);
        if (!exists)
        {
            var image = await EnsureImageAsync(cancellationToken);
            Log.Information("Starting the edge of {Environment} ({Image}) on {Endpoint}", environment.Name, image, environment.PublicEndpoint);
            (await ToolRunner.RunAsync(Container.SeedFile(image, Container.ContainerName, EdgeContainerLayout.ConfigFile, config), cancellationToken)).EnsureSuccess();
            var run = await ToolRunner.RunAsync(Container.Run(image, Container.ContainerName, environment.Name), cancellationToken);
            if (!run.Succeeded && !run.StandardError.Contains("already in use", StringComparison.Ordinal))
            {
                run.EnsureSuccess();
            }
        }
        else if (!running)
        {
            Log.Information("The edge of {Environment} exists but is stopped: starting it", environment.Name);
            (await ToolRunner.RunAsync(commands.Start(Container.ContainerName), cancellationToken)).EnsureSuccess();
        }

        // Connecting to the runtime API and reading the config are independent round trips to the host: side by side.
        var opening = OpenAsync(cancellationToken);
        var reading = ToolRunner.RunAsync(Container.ReadFile(EdgeContainerLayout.ConfigFile), cancellationToken);
        await Task.WhenAll(opening, reading);
        var client = await opening ?? throw await EdgeDidNotStartAsync(cancellationToken);
        var current = await reading;
        if (current.Succeeded && current.StandardOutput != config)
        {
            // Slots and their states live in the server-state file, saved after every change, so a reload keeps them.
            Log.Information("The edge config of {Environment} changed: writing it and reloading HAProxy seamlessly", environment.Name);
            await client.SaveStateAsync(cancellationToken);
            (await ToolRunner.RunAsync(Container.WriteFile(EdgeContainerLayout.ConfigFile, config), cancellationToken)).EnsureSuccess();
            (await ToolRunner.RunAsync(Container.Reload(), cancellationToken)).EnsureSuccess();
            await Task.Delay(TimeSpan.FromMilliseconds(300), cancellationToken);
            client = await OpenAsync(cancellationToken) ?? throw await EdgeDidNotStartAsync(cancellationToken);
        }

        return client;
    }

    /// <summary>A client for a running edge, without starting or changing anything; null when the edge is not running.</summary>
    public async Task<EdgeClient?> TryOpenExistingAsync(CancellationToken cancellationToken = default)
    {
        var (_, running, _) = await InspectAsync(cancellationToken);
        return running ? await OpenAsync(cancellationToken) : null;
    }

    /// <summary>
    /// The edge image on the target engine, built there from the embedded Dockerfile when missing. The base is the
    /// environment's <see cref="DeployEnvironment.EdgeBaseImage"/>, else the local stand-in when the engine has it
    /// (air-gapped machines), else the official <c>haproxy:2.6</c>.
    /// </summary>
    public async Task<string> EnsureImageAsync(CancellationToken cancellationToken = default)
    {
        var standIn = environment.EdgeBaseImage is null
            && (await ToolRunner.RunAsync(commands.ImageLabels(StandInImages.HaProxy), cancellationToken)).Succeeded;
        var baseImage = environment.EdgeBaseImage ?? (standIn ? StandInImages.HaProxy : EdgeImage.DefaultBase);
        var tag = EdgeImage.TagFor(baseImage);
        if ((await ToolRunner.RunAsync(commands.ImageLabels(tag), cancellationToken)).Succeeded)
        {
            return tag;
        }

        Log.Information("Building the edge image {Tag} on {Engine} from {Base}", tag, docker, baseImage);
        var context = Directory.CreateTempSubdirectory("slipway-edge-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(context.FullName, "Dockerfile"), EdgeImage.Dockerfile, cancellationToken);
            var cli = new DockerCli(client, docker.Host);
            var build = cli.Build(new DockerBuildSettings
            {
                ContextDirectory = context.FullName,
                Tags = [tag],
                BuildArguments = new Dictionary<string, string> { ["HAPROXY_IMAGE"] = baseImage },
                // Stand-ins serve engines without a bridge network (ENVIRONMENT.md); RUN steps then need the host's.
                Network = standIn ? "host" : null,
            });
            (await ToolRunner.RunAsync(build, cancellationToken)).EnsureSuccess();
        }
        finally
        {
            context.Delete(recursive: true);
        }

        return tag;
    }

    private async Task<EdgeClient?> OpenAsync(CancellationToken cancellationToken)
    {
        var (transport, store) = await ChooseTransportAsync(cancellationToken);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartTimeout)
        {
            try
            {
                var info = await transport.SendAsync("show info", cancellationToken);
                if (info.Contains("Name: HAProxy", StringComparison.Ordinal))
                {
                    return new EdgeClient(transport, store, Settings.HealthCheck);
                }
            }
            catch (Exception exception) when (exception is EdgeRuntimeApiException or IOException or System.Net.Sockets.SocketException or OperationCanceledException)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }

        return null;
    }

    /// <summary>
    /// How the runtime API is reached. From the engine's own machine with access to Docker's volume directory (root),
    /// the admin socket inside the edge's volume directly — no process per command, which keeps a rollback well under a
    /// second; next the optional loopback admin port; otherwise (a remote host, or no access) <c>docker exec</c>, which
    /// works everywhere.
    /// </summary>
    private async Task<(IEdgeRuntimeTransport Transport, IServerStateStore Store)> ChooseTransportAsync(CancellationToken cancellationToken)
    {
        var execStore = new DockerExecServerStateStore(Container, Settings.ServerStateFile);
        if (await IsLocalEngineAsync(cancellationToken))
        {
            var mount = await ToolRunner.RunAsync(commands.VolumeMountpoint(Container.ContainerName), cancellationToken);
            var directory = mount.StandardOutput.Trim();
            var socket = Path.Combine(directory, Path.GetFileName(EdgeContainerLayout.StatsSocket));
            if (mount.Succeeded && directory.Length > 0 && System.Text.Encoding.UTF8.GetByteCount(socket) <= 107 && File.Exists(socket)
                && await AnswersAsync(SocketRuntimeTransport.UnixSocket(socket), cancellationToken))
            {
                Log.Debug("Edge runtime API of {Environment}: admin socket {Socket}", environment.Name, socket);
                return (SocketRuntimeTransport.UnixSocket(socket), new LocalServerStateStore(Path.Combine(directory, Path.GetFileName(EdgeContainerLayout.ServerStateFile))));
            }

            if (Settings.AdminEndpoint is { } admin && await AnswersAsync(SocketRuntimeTransport.Tcp(admin), cancellationToken))
            {
                Log.Debug("Edge runtime API of {Environment}: loopback admin port {Endpoint}", environment.Name, admin);
                return (SocketRuntimeTransport.Tcp(admin), execStore);
            }
        }

        Log.Debug("Edge runtime API of {Environment}: docker exec", environment.Name);
        return (new DockerExecRuntimeTransport(Container, Settings.StatsSocketPath), execStore);
    }

    private async Task<bool> IsLocalEngineAsync(CancellationToken cancellationToken)
    {
        if (!docker.MayBeLocal(Environment.GetEnvironmentVariable("DOCKER_HOST"), Environment.GetEnvironmentVariable("DOCKER_CONTEXT")))
        {
            return false;
        }

        var name = await ToolRunner.RunAsync(commands.EngineName(), cancellationToken);
        return name.Succeeded && string.Equals(name.StandardOutput.Trim(), Environment.MachineName, StringComparison.OrdinalIgnoreCase);
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
        var logs = await ToolRunner.RunAsync(commands.Logs(Container.ContainerName, 20), cancellationToken);
        return new BuildFailedException(
            $"The edge of {environment.Name} ({Container.ContainerName}) did not answer on its runtime API within {StartTimeout.TotalSeconds:0} s. " +
            $"Is port {environment.PublicEndpoint} free on the host? Its last log lines:{System.Environment.NewLine}" +
            (logs.StandardOutput + logs.StandardError).Trim());
    }
}
