using Serilog;
using Slipway.Delivery.Docker;
using Slipway.Delivery.Edge;
using Slipway.Engine;
using Slipway.Engine.Logging;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Deploy;

/// <summary>
/// One environment on its Docker host: the only class of the deploy stage that runs commands there — itself, or
/// through the edge provisioner and the lock it hands out — all through one <see cref="DockerEngine"/>. It runs the
/// deploy's commands (<see cref="DeployCommands"/>, <see cref="HostStateCommands"/>) and reads the host's state back;
/// the planners decide, the executor sequences, this runs.
/// </summary>
internal sealed class DeployHost : IAsyncDisposable
{
    private const int LogTail = 30;

    private readonly HostStateCommands inEdge;
    private HostStateCommands? onVolume;

    private DeployHost(DockerEngine engine, DeployEnvironment environment)
    {
        Environment = environment;
        Engine = engine;
        Commands = new DeployCommands(engine.Cli, environment);
        inEdge = new HostStateCommands(engine.Cli, environment.Name);
        Edge = new EdgeProvisioner(engine, environment);
    }

    public DeployEnvironment Environment { get; }

    /// <summary>How logs, errors and the hosts of a several-hosts deploy name this host: its Docker endpoint.</summary>
    public string Name => Environment.DockerHost ?? "the default engine";

    public DockerEngine Engine { get; }

    public DeployCommands Commands { get; }

    /// <summary>The lock and log commands: in a local shell on the edge's volume once the edge was found running with it on this machine, else in the edge.</summary>
    public HostStateCommands State =>
        Edge.LocalStateVolume is { } volume ? (onVolume is { } known && known.RunsOn(volume) ? known : onVolume = inEdge.On(volume)) : inEdge;

    public EdgeProvisioner Edge { get; }

    /// <summary>Connects to the environment's engine (<see cref="DockerEngine.ConnectAsync"/>); fails (exit 1) saying how to reach one.</summary>
    /// <param name="environment">The environment, validated here before anything starts.</param>
    /// <param name="sshCredentials">The deploy key and pinned host keys for an <c>ssh://</c> host; null reads DEPLOY_SSH_KEY and DEPLOY_KNOWN_HOSTS.</param>
    /// <param name="cancellationToken">Stops the connection.</param>
    public static async Task<DeployHost> ConnectAsync(DeployEnvironment environment, SshCredentials? sshCredentials = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(environment);
        environment.Validate();
        if (environment.Hosts.Count > 1)
        {
            // Only Deploy, Rollback, Maintenance, Scale and Monitor act on several hosts (DeployHosts); anything else here would act on one of them only.
            throw BuildFailedException.BadInput(
                $"{environment.Name} runs on {environment.Hosts.Count} hosts, and this target is not yet across hosts: only Deploy, Rollback, Maintenance, Scale and Monitor act on " +
                $"all of them (docs/deploy.md, Several hosts). Run it per host with --docker-host <host> on a copy of the environment that declares no Hosts.");
        }

        environment = environment.PerHost()[0];
        SecretMasker.RegisterAll(environment.AppEnvironment.Values);
        SecretMasker.RegisterAll(environment.SmokeTests.SelectMany(c => c.Headers.Values));
        try
        {
            return new DeployHost(
                await DockerEngine.ConnectAsync(DockerEndpoint.Parse(environment.DockerHost), sshCredentials: sshCredentials, forBuilds: false, cancellationToken: cancellationToken),
                environment);
        }
        catch (BuildFailedException exception)
        {
            throw new BuildFailedException(exception.ExitCode, $"Environment {environment.Name}: {exception.Message}", exception);
        }
    }

    /// <summary>Ends the engine's SSH access (the per-run agent and shared connections), if it has any.</summary>
    public ValueTask DisposeAsync() => Engine.DisposeAsync();

    /// <summary>The environment's versions on the host: each version's own container, with its further replicas attached.</summary>
    public async Task<IReadOnlyList<AppContainer>> ReadContainersAsync(CancellationToken cancellationToken = default) =>
        AppContainer.Group(await InspectAsync(Commands.ListAppContainers(), cancellationToken));

    /// <summary>Ports claimed by Slipway app containers of every environment on the host, running or retained.</summary>
    public async Task<IReadOnlyList<int>> ReadClaimedPortsAsync(CancellationToken cancellationToken = default) =>
        [.. (await InspectAsync(Commands.ListAllAppContainers(), cancellationToken)).Select(c => c.Port)];

    /// <summary>The deploy log, from the running edge or (edge down) a throw-away container on its volume; empty before the first deploy.</summary>
    public async Task<IReadOnlyList<DeployRecord>> ReadRecordsAsync(bool edgeRunning, CancellationToken cancellationToken = default)
    {
        ToolInvocation read;
        if (edgeRunning)
        {
            read = State.ReadLog();
        }
        else
        {
            if (await Edge.InspectAsync(cancellationToken) is not { } edge)
            {
                return [];
            }

            read = State.ReadLogOffline(edge.Image);
        }

        var result = await State.RunAsync(Engine, read, cancellationToken);
        var records = DeployLogFormat.Read(result.StandardOutput, out var damaged);
        if (damaged.Count > 0)
        {
            Log.Warning("The deploy log of {Environment} has damaged {Lines} (torn by a killed write, or edited); skipped, the records around it are read",
                Environment.Name, DeployLogFormat.DescribeLines(damaged));
        }

        return records;
    }

    /// <summary>The deploy log as it is now, without a lock, whether the edge runs or not (what Promote reads).</summary>
    public async Task<IReadOnlyList<DeployRecord>> ReadLogAsync(CancellationToken cancellationToken = default) =>
        await ReadRecordsAsync(await Edge.InspectAsync(cancellationToken) is { Running: true }, cancellationToken);

    public async Task AppendRecordAsync(DeployRecord record, CancellationToken cancellationToken = default) =>
        CheckAppended(await State.TryRunAsync(Engine, State.Append(record), cancellationToken), record);

    /// <summary>An operation's final record, appended as its lock is released (<see cref="DeployLock.AppendAndReleaseAsync"/>).</summary>
    public async Task AppendFinalRecordAsync(DeployRecord record, DeployLock lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        CheckAppended(await lease.AppendAndReleaseAsync(record), record);
    }

    private void CheckAppended(ToolResult result, DeployRecord record)
    {
        if (!result.Succeeded || !result.OutputLines.Contains("appended"))
        {
            // The deploy itself is done; losing its record must be loud but must not turn a good deploy into a failure.
            Log.Error("Could not append record {Id} to the deploy log of {Environment}: {Error}. The record was: {Record}",
                record.Id, Environment.Name, (result.StandardError + result.StandardOutput).Trim(), DeployLogFormat.Serialize(record));
        }
    }

    public async Task<EnvironmentSnapshot> SnapshotAsync(EdgeClient? edge, bool edgeRunning, CancellationToken cancellationToken = default)
    {
        // Three independent reads (engine, runtime API, deploy log): side by side, as a rollback's time to serving includes them.
        var containers = ReadContainersAsync(cancellationToken);
        var status = edge is null ? Task.FromResult<EdgeStatus?>(null) : ReadStatusAsync(edge, cancellationToken);
        var records = ReadRecordsAsync(edgeRunning, cancellationToken);
        await Task.WhenAll(containers, status, records);
        return new EnvironmentSnapshot(Environment.Name, await containers, await status, await records);
    }

    /// <summary>The image with its labels; pulled by digest only when the engine does not have it yet.</summary>
    public async Task<DeployImage> EnsureImageAsync(DeployImage image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        var facts = await Engine.TryRunAsync(Commands.ImageFacts(image.Reference), cancellationToken);
        if (!facts.Succeeded)
        {
            Log.Information("Pulling {Image}", image.Reference);
            var pull = await Engine.TryRunAsync(Commands.Pull(image.Reference), cancellationToken);
            if (!pull.Succeeded)
            {
                throw new BuildFailedException(ExitCodes.DeployAborted,
                    $"Pulling {image.Reference} failed on {Engine.Endpoint}: {pull.StandardError.Trim()}. Nothing was changed; check that Push ran and that the host can reach the registry.");
            }

            facts = await Engine.RunAsync(Commands.ImageFacts(image.Reference), cancellationToken);
        }

        return image.WithFacts(facts.StandardOutput);
    }

    /// <summary>Docker's status, last exit code, restart count and health (<c>healthy</c>, <c>starting</c>, <c>none</c>...) of a container; null when it does not exist.</summary>
    public async Task<(string Status, int ExitCode, int Restarts, string Health)?> ContainerStateAsync(string container, CancellationToken cancellationToken = default)
    {
        var result = await Engine.TryRunAsync(Commands.ContainerState(container), cancellationToken);
        if (!result.Succeeded)
        {
            return null;
        }

        var parts = result.StandardOutput.Trim().Split(' ');
        static int Number(string[] parts, int index) =>
            parts.Length > index && int.TryParse(parts[index], System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : 0;
        return (parts[0], Number(parts, 1), Number(parts, 2), parts.Length > 3 ? parts[3] : "none");
    }

    /// <summary>A container's last output lines, or <c>(no output)</c>.</summary>
    public async Task<string> LastLogLinesAsync(string container, CancellationToken cancellationToken = default)
    {
        var result = await Engine.TryRunAsync(Commands.Logs(container, LogTail), cancellationToken);
        return (result.StandardOutput + result.StandardError).Trim() is { Length: > 0 } logs ? logs : "(no output)";
    }

    /// <summary>The edge's last output lines with Docker's receive timestamps (its access log); null when they cannot be read.</summary>
    public async Task<string?> EdgeLogAsync(int tail, CancellationToken cancellationToken = default)
    {
        var result = await Engine.TryRunAsync(Commands.LogsWithTimestamps(Commands.EdgeContainer, tail), cancellationToken);
        // HAProxy logs to stdout; Docker keeps the streams apart but both carry timestamps.
        return result.Succeeded ? result.StandardOutput + "\n" + result.StandardError : null;
    }

    /// <summary>GET on a container's loopback port, made from inside the edge; null when nothing answered HTTP.</summary>
    public Task<HttpProbeResponse?> ProbeAsync(int port, string path, CancellationToken cancellationToken = default) =>
        ProbeAsync(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port), path, cancellationToken);

    /// <summary>GET on an address the edge reaches (a port on this host, or a Swarm task's on another node); null when nothing answered HTTP.</summary>
    public async Task<HttpProbeResponse?> ProbeAsync(System.Net.IPEndPoint endpoint, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var result = await Engine.TryRunAsync(Commands.HttpGetViaEdge(endpoint, path), cancellationToken);
        return HttpProbeResponse.TryParse(result.StandardOutput);
    }

    /// <summary>
    /// A smoke check's request through the edge's public endpoint, sent from inside the edge container (an internal
    /// source); with <paramref name="previewServer"/> the preview route takes it to that server before it takes traffic.
    /// Null when nothing answered HTTP.
    /// </summary>
    public async Task<HttpProbeResponse?> SendThroughEdgeAsync(SmokeRequest request, string? previewServer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var endpoint = Environment.PublicEndpoint;
        var address = endpoint.Address.Equals(System.Net.IPAddress.Any) || endpoint.Address.Equals(System.Net.IPAddress.IPv6Any) ? System.Net.IPAddress.Loopback : endpoint.Address;
        var result = await Engine.TryRunAsync(Commands.HttpViaEdge(address, endpoint.Port, request.ToHttp(Environment.Url.Authority, previewServer), fromLoopback: true), cancellationToken);
        return HttpProbeResponse.TryParse(result.StandardOutput);
    }

    /// <summary>Starts one version of the app; the caller interprets a failure.</summary>
    public Task<ToolResult> RunAppAsync(AppRunSpec spec, CancellationToken cancellationToken = default) =>
        Engine.TryRunAsync(Commands.RunApp(spec), cancellationToken);

    /// <summary>Runs a one-off command of an image (backup, migrate) on the data volume in the foreground; the caller interprets its exit code.</summary>
    public Task<ToolResult> RunOneOffAsync(string purpose, string deployId, string image, IReadOnlyList<string> command, CancellationToken cancellationToken = default) =>
        Engine.TryRunAsync(Commands.RunOneOff(DeployNames.OneOff(Environment.Name, deployId, purpose), image, command), cancellationToken);

    /// <summary>Starts a stopped container; throws when Docker cannot.</summary>
    public async Task StartAsync(string container, CancellationToken cancellationToken = default) =>
        await Engine.RunAsync(Commands.Start(container), cancellationToken);

    /// <summary>Stops a container (SIGTERM, the app drains, SIGKILL after 15 s); a failure only warns, as the container is out of rotation.</summary>
    public Task StopAsync(string container, CancellationToken cancellationToken = default) =>
        StopAsync(container, TimeSpan.FromSeconds(15), cancellationToken);

    /// <summary>Stops a container with its own grace period (a role's, so in-flight jobs finish); a failure only warns.</summary>
    public async Task StopAsync(string container, TimeSpan grace, CancellationToken cancellationToken = default) =>
        Warn(await Engine.TryRunAsync(Commands.Stop(container, grace), cancellationToken), $"stop {container}");

    /// <summary>This environment's containers of one role (<see cref="DeployRole"/>), running or not.</summary>
    public async Task<IReadOnlyList<RoleContainer>> ReadRoleContainersAsync(string role, CancellationToken cancellationToken = default)
    {
        var ids = (await Engine.RunAsync(Commands.ListRoleContainers(role), cancellationToken)).OutputLines;
        return ids.Count == 0
            ? []
            : RoleContainer.Parse((await Engine.TryRunAsync(Commands.Inspect(ids), cancellationToken)).StandardOutput, Environment.Name, role);
    }

    /// <summary>Starts one container of a role; the caller interprets a failure.</summary>
    public Task<ToolResult> RunRoleAsync(RoleRunSpec spec, CancellationToken cancellationToken = default) =>
        Engine.TryRunAsync(Commands.RunRole(spec), cancellationToken);

    /// <summary>Removes a container, running or not; false (with a warning) when Docker could not.</summary>
    public async Task<bool> RemoveAsync(string container, CancellationToken cancellationToken = default) =>
        Warn(await Engine.TryRunAsync(Commands.Remove(container), cancellationToken), $"remove {container}");

    /// <summary>Removes one reference to an image unless a container (of any environment) still uses it.</summary>
    public async Task RemoveImageAsync(string image, CancellationToken cancellationToken = default) =>
        await Engine.TryRunAsync(Commands.RemoveImage(image), cancellationToken);

    /// <summary>Whether a file exists in the data volume (exit 0 yes, 1 no, anything else: the check failed); null without an edge image to check with.</summary>
    public async Task<ToolResult?> BackupExistsAsync(string file, CancellationToken cancellationToken = default) =>
        await Edge.ImageAsync(cancellationToken) is { } edgeImage ? await Engine.TryRunAsync(Commands.BackupExists(edgeImage, file), cancellationToken) : null;

    /// <summary>Deletes exactly these deploy backups (file names) of the data volume; null without an edge image to do it with.</summary>
    public async Task<ToolResult?> RemoveBackupsAsync(IEnumerable<string> files, CancellationToken cancellationToken = default) =>
        await Edge.ImageAsync(cancellationToken) is { } edgeImage ? await Engine.TryRunAsync(Commands.RemoveBackups(edgeImage, files), cancellationToken) : null;

    private static bool Warn(ToolResult result, string what)
    {
        if (!result.Succeeded)
        {
            Log.Warning("Could not {What}: {Error}", what, (result.StandardError + result.StandardOutput).Trim());
        }

        return result.Succeeded;
    }

    private static async Task<EdgeStatus?> ReadStatusAsync(EdgeClient edge, CancellationToken cancellationToken) =>
        await edge.ReadStatusAsync(cancellationToken);

    private async Task<IReadOnlyList<AppContainer>> InspectAsync(ToolInvocation list, CancellationToken cancellationToken)
    {
        var ids = (await Engine.RunAsync(list, cancellationToken)).OutputLines;
        if (ids.Count == 0)
        {
            return [];
        }

        var result = await Engine.TryRunAsync(Commands.Inspect(ids), cancellationToken);

        // A container removed between the two calls makes inspect fail for it but still print the others.
        return AppContainerParser.Parse(result.StandardOutput);
    }
}
