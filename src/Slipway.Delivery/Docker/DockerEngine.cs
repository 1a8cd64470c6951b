using Slipway.Engine;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Docker;

/// <summary>
/// A Docker engine that answered: the one place that runs <see cref="DockerCli"/> commands. Connecting first means a
/// missing engine fails the stage with one clear message before anything is built, tagged or pushed.
/// </summary>
internal sealed class DockerEngine
{
    private DockerEngine(DockerCli cli, string serverVersion)
    {
        Cli = cli;
        ServerVersion = serverVersion;
    }

    public DockerCli Cli { get; }

    public DockerClient Client => Cli.Client;

    public string ServerVersion { get; }

    /// <param name="dockerHost">The engine to use; null keeps DOCKER_HOST or the CLI's current context.</param>
    /// <param name="dockerExecutable">A Docker CLI to use instead of probing PATH.</param>
    /// <param name="dockerConfig">A DOCKER_CONFIG directory for logins; null keeps the user's.</param>
    /// <param name="cancellationToken">Stops the probes.</param>
    public static async Task<DockerEngine> ConnectAsync(
        string? dockerHost = null, string? dockerExecutable = null, string? dockerConfig = null, CancellationToken cancellationToken = default)
    {
        var client = await DockerClientLocator.LocateAsync(dockerExecutable, cancellationToken);
        var cli = new DockerCli(client, dockerHost, dockerConfig);
        var result = await ToolRunner.RunAsync(cli.ServerVersion(), cancellationToken);
        var version = result.StandardOutput.Trim();
        if (!result.Succeeded || version.Length == 0)
        {
            throw new BuildFailedException(DescribeMissingEngine(dockerHost ?? Environment.GetEnvironmentVariable("DOCKER_HOST"), result));
        }

        return new DockerEngine(cli, version);
    }

    /// <summary>Runs a command of this engine's CLI; throws <see cref="ToolException"/> (command line masked) if it fails.</summary>
    public async Task<ToolResult> RunAsync(Func<DockerCli, ToolInvocation> command, CancellationToken cancellationToken = default) =>
        (await TryRunAsync(command, cancellationToken)).EnsureSuccess();

    /// <summary>Runs a command of this engine's CLI whose failure the caller interprets.</summary>
    public Task<ToolResult> TryRunAsync(Func<DockerCli, ToolInvocation> command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        return ToolRunner.RunAsync(command(Cli), cancellationToken);
    }

    internal static string DescribeMissingEngine(string? dockerHost, ToolResult result)
    {
        var where = string.IsNullOrEmpty(dockerHost)
            ? "DOCKER_HOST is not set, so the CLI used its current context (by default unix:///var/run/docker.sock)"
            : $"DOCKER_HOST={dockerHost}";
        var reason = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .LastOrDefault() ?? $"exit code {result.ExitCode}";
        return $"No Docker engine answers ({where}). Docker said: \"{reason}\". " +
            "Start one (Docker Desktop; 'sudo systemctl start docker'; on a bare Debian CI machine 'sudo .ci/provision-docker.sh'), " +
            "or point DOCKER_HOST or 'docker context use' at a running engine.";
    }
}
