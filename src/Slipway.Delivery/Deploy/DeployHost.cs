using System.Text.Json;
using Serilog;
using Slipway.Delivery.Docker;
using Slipway.Delivery.Edge;
using Slipway.Engine;
using Slipway.Engine.Logging;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Deploy;

/// <summary>
/// One environment on its Docker host: runs the deploy's commands (<see cref="DeployCommands"/>,
/// <see cref="HostStateCommands"/>) and reads the host's state back. The only class of the deploy stage, with the edge
/// provisioner and the lock, that starts processes.
/// </summary>
internal sealed class DeployHost
{
    private DeployHost(DockerClient client, DeployEnvironment environment)
    {
        Environment = environment;
        Docker = new DockerEndpoint(client.Executable, environment.DockerHost);
        Commands = new DeployCommands(Docker, environment);
        State = new HostStateCommands(Docker, environment.Name);
        Edge = new EdgeProvisioner(client, Docker, environment);
    }

    public DeployEnvironment Environment { get; }

    public DockerEndpoint Docker { get; }

    public DeployCommands Commands { get; }

    public HostStateCommands State { get; }

    public EdgeProvisioner Edge { get; }

    /// <summary>Finds the Docker CLI and checks the environment's engine answers; fails (exit 1) saying how to reach one.</summary>
    public static async Task<DeployHost> ConnectAsync(DeployEnvironment environment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(environment);
        environment.Validate();
        SecretMasker.RegisterAll(environment.AppEnvironment.Values);
        var client = await DockerClientLocator.LocateAsync(cancellationToken: cancellationToken);
        var host = new DeployHost(client, environment);
        var version = await ToolRunner.RunAsync(
            host.Docker.Command("version", "--format", "{{.Server.Version}}") with { LogOutput = false, Timeout = TimeSpan.FromSeconds(60) },
            cancellationToken);
        if (!version.Succeeded || version.StandardOutput.Trim().Length == 0)
        {
            throw new BuildFailedException(
                $"Environment {environment.Name}: " + DockerEngine.DescribeMissingEngine(environment.DockerHost ?? System.Environment.GetEnvironmentVariable("DOCKER_HOST"), version));
        }

        return host;
    }

    public async Task<IReadOnlyList<AppContainer>> ReadContainersAsync(CancellationToken cancellationToken = default) =>
        await InspectAsync(Commands.ListAppContainers(), cancellationToken);

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
            var (exists, _, image) = await Edge.InspectAsync(cancellationToken);
            if (!exists || image is null)
            {
                return [];
            }

            read = State.ReadLogOffline(image);
        }

        var result = (await ToolRunner.RunAsync(read, cancellationToken)).EnsureSuccess();
        var records = DeployLogFormat.Read(result.StandardOutput, out var damaged);
        if (damaged.Count > 0)
        {
            Log.Warning("The deploy log of {Environment} has damaged {Lines} (torn by a killed write, or edited); skipped, the records around it are read",
                Environment.Name, DeployLogFormat.DescribeLines(damaged));
        }

        return records;
    }

    public async Task AppendRecordAsync(DeployRecord record, CancellationToken cancellationToken = default)
    {
        var result = await ToolRunner.RunAsync(State.Append(record), cancellationToken);
        if (!result.Succeeded || result.StandardOutput.Trim() != "appended")
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
        return new EnvironmentSnapshot(Environment.Name, await containers, await status,
            await records);
    }

    private static async Task<EdgeStatus?> ReadStatusAsync(EdgeClient edge, CancellationToken cancellationToken) =>
        await edge.ReadStatusAsync(cancellationToken);

    /// <summary>The image with its labels; pulled by digest only when the engine does not have it yet.</summary>
    public async Task<DeployImage> EnsureImageAsync(DeployImage image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        var labels = await ToolRunner.RunAsync(Commands.ImageLabels(image.Reference), cancellationToken);
        if (!labels.Succeeded)
        {
            Log.Information("Pulling {Image}", image.Reference);
            var pull = await ToolRunner.RunAsync(Commands.Pull(image.Reference), cancellationToken);
            if (!pull.Succeeded)
            {
                throw new BuildFailedException(ExitCodes.DeployAborted,
                    $"Pulling {image.Reference} failed on {Docker}: {pull.StandardError.Trim()}. Nothing was changed; check that Push ran and that the host can reach the registry.");
            }

            labels = (await ToolRunner.RunAsync(Commands.ImageLabels(image.Reference), cancellationToken)).EnsureSuccess();
        }

        var parsed = JsonSerializer.Deserialize<Dictionary<string, string>>(labels.StandardOutput.Trim() is { Length: > 0 } json and not "null" ? json : "{}")
            ?? [];
        return image.WithLabels(parsed);
    }

    /// <summary>Docker's status, last exit code and restart count of a container; null when it does not exist.</summary>
    public async Task<(string Status, int ExitCode, int Restarts)?> ContainerStateAsync(string container, CancellationToken cancellationToken = default)
    {
        var result = await ToolRunner.RunAsync(Commands.ContainerState(container), cancellationToken);
        if (!result.Succeeded)
        {
            return null;
        }

        var parts = result.StandardOutput.Trim().Split(' ');
        static int Number(string[] parts, int index) =>
            parts.Length > index && int.TryParse(parts[index], System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : 0;
        return (parts[0], Number(parts, 1), Number(parts, 2));
    }

    public async Task<string> LastLogLinesAsync(string container, int lines, CancellationToken cancellationToken = default)
    {
        var result = await ToolRunner.RunAsync(Commands.Logs(container, lines), cancellationToken);
        return (result.StandardOutput + result.StandardError).Trim();
    }

    /// <summary>GET on a container's loopback port, made from inside the edge; null when nothing answered HTTP.</summary>
    public async Task<HttpProbeResponse?> ProbeAsync(int port, string path, CancellationToken cancellationToken = default)
    {
        var result = await ToolRunner.RunAsync(Commands.HttpGetViaEdge(port, path), cancellationToken);
        return HttpProbeResponse.TryParse(result.StandardOutput);
    }

    private async Task<IReadOnlyList<AppContainer>> InspectAsync(ToolInvocation list, CancellationToken cancellationToken)
    {
        var ids = (await ToolRunner.RunAsync(list, cancellationToken)).EnsureSuccess().OutputLines;
        if (ids.Count == 0)
        {
            return [];
        }

        var result = await ToolRunner.RunAsync(Commands.Inspect(ids), cancellationToken);

        // A container removed between the two calls makes inspect fail for it but still print the others.
        return AppContainerParser.Parse(result.StandardOutput);
    }
}
