using Serilog;
using Slipway.Engine;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Docker;

/// <summary>
/// A Docker engine that answered, and the one place that runs Docker command lines (<see cref="DockerCli"/> and the
/// command objects built on it): build and push connect here, and so does every deploy. Connecting first means a
/// missing CLI or engine fails the stage with one clear message before anything is built, pushed or deployed. An
/// <c>ssh://</c> engine is reached here too, with the run's deploy key and pinned host keys (<see cref="SshAccess"/>),
/// which every command of the engine inherits; disposing the engine ends that access.
/// </summary>
internal sealed class DockerEngine : IAsyncDisposable
{
    private readonly SshAccess? ssh;
    private readonly bool ownsSsh;

    /// <summary>The executable the user chose, if any; null: the clients on PATH (probed again for builds).</summary>
    private readonly string? chosenExecutable;

    /// <summary>Whether <see cref="Cli"/>'s client was chosen by probing what each client can build (false: the first that answered).</summary>
    private readonly bool clientProbed;

    /// <summary>An engine already known to answer; tests use it to drive a stand-in CLI without probing.</summary>
    internal DockerEngine(DockerCli cli, string serverVersion)
        : this(cli, serverVersion, null, ownsSsh: false, chosenExecutable: null, clientProbed: true)
    {
    }

    private DockerEngine(DockerCli cli, string serverVersion, SshAccess? ssh, bool ownsSsh, string? chosenExecutable, bool clientProbed)
    {
        Cli = cli;
        Images = new ImageCommands(cli);
        ServerVersion = serverVersion;
        this.ssh = ssh;
        this.ownsSsh = ownsSsh;
        this.chosenExecutable = chosenExecutable;
        this.clientProbed = clientProbed;
    }

    /// <summary>The primitive every command of this engine is built on.</summary>
    public DockerCli Cli { get; }

    public ImageCommands Images { get; }

    public DockerClient Client => Cli.Client;

    public DockerEndpoint Endpoint => Cli.Endpoint;

    public string ServerVersion { get; }

    /// <summary>
    /// Prepares SSH access when the engine is <c>ssh://</c> and a deploy key is given, finds the CLI, then asks the engine
    /// its version — for a deploy on a local engine, over its socket (<see cref="LocalEngineSocket"/>); fails saying how to
    /// reach one (exit 1), or naming the host key or key problem (exit 2).
    /// </summary>
    /// <param name="endpoint">The engine to use; null keeps DOCKER_HOST or the CLI's current context.</param>
    /// <param name="dockerExecutable">A Docker CLI to use instead of probing PATH.</param>
    /// <param name="dockerConfig">A DOCKER_CONFIG directory for logins; null keeps the user's.</param>
    /// <param name="sshCredentials">The deploy key and pinned host keys; null reads DEPLOY_SSH_KEY and DEPLOY_KNOWN_HOSTS.</param>
    /// <param name="forBuilds">
    /// False for a caller that runs containers and seldom or never builds (deploys, rollbacks): the first client that
    /// answers is used as is, without asking every client on PATH what it can build — those probes are processes an
    /// on-call engineer waits for; <see cref="ForBuildsAsync"/> makes them when a build is needed after all.
    /// </param>
    /// <param name="cancellationToken">Stops the probes.</param>
    public static async Task<DockerEngine> ConnectAsync(
        DockerEndpoint? endpoint = null,
        string? dockerExecutable = null,
        string? dockerConfig = null,
        SshCredentials? sshCredentials = null,
        bool forBuilds = true,
        CancellationToken cancellationToken = default)
    {
        endpoint ??= DockerEndpoint.Default;
        var processDockerHost = Environment.GetEnvironmentVariable("DOCKER_HOST");
        var ssh = await SshAccess.PrepareAsync(
            endpoint.Host ?? (endpoint.Context is null ? processDockerHost : null), sshCredentials ?? SshCredentials.FromEnvironment(), cancellationToken: cancellationToken);
        try
        {
            // The engine's version is asked while the clients are probed — by the first one, as any client can ask it — so
            // a build process pays for one round of CLI starts before its first command, not two.
            var executables = DockerClientLocator.Executables(dockerExecutable);
            if (!forBuilds && executables.Count > 0
                && LocalEngineSocket.Resolve(endpoint, processDockerHost, Environment.GetEnvironmentVariable("DOCKER_CONTEXT"), LocalEngineSocket.CurrentContext(dockerConfig)) is { } socket
                && await LocalEngineSocket.TryVersionAsync(socket, cancellationToken) is { } localVersion)
            {
                // A local engine answered on its socket: no CLI is started just to ask its version (a deploy's first
                // command, and the first failing one if the CLI were broken after all).
                return new DockerEngine(new DockerCli(Unprobed(executables[0]), endpoint, dockerConfig, ssh.Environment), localVersion, ssh, ownsSsh: true, dockerExecutable, clientProbed: false);
            }

            var locating = forBuilds ? DockerClientLocator.LocateAsync(executables, cancellationToken) : null;
            var asking = executables.Count > 0
                ? AskVersionAsync(executables[0], endpoint, dockerConfig, ssh, cancellationToken)
                : Task.FromResult<ToolResult?>(null);
            // Over ssh://, the forward of the engine's socket is prepared while the version is asked (both on the shared connection).
            var forwarding = ForwardAsync(ssh, cancellationToken);
            await Task.WhenAll(locating ?? Task.CompletedTask, asking, forwarding);
            var result = await asking;
            var client = locating is not null ? await locating
                : result is { Succeeded: true } ? Unprobed(executables[0])
                // The first client did not answer: find one that starts (or say that none is installed).
                : await DockerClientLocator.LocateAsync(executables, cancellationToken);
            var cli = new DockerCli(client, endpoint, dockerConfig, ssh.Environment);
            if (result is not { Succeeded: true } && cli.Client.Executable != executables[0])
            {
                result = await ToolRunner.RunAsync(cli.ServerVersion(), cancellationToken);
            }

            var version = result?.StandardOutput.Trim() ?? string.Empty;
            if (result is not { Succeeded: true } || version.Length == 0)
            {
                throw (result is null ? null : await ssh.ExplainFailureAsync(result, cancellationToken))
                    ?? new BuildFailedException(DescribeMissingEngine(cli.Endpoint, processDockerHost, result));
            }

            if (await forwarding is { } forwarded)
            {
                cli = await ThroughForwardAsync(cli, forwarded, version, cancellationToken);
            }

            return new DockerEngine(cli, version, ssh, ownsSsh: true, dockerExecutable, clientProbed: locating is not null);
        }
        catch
        {
            await ssh.DisposeAsync();
            throw;
        }
    }

    /// <summary>The same engine with a client config of its own (a private one, so a login stays out of the user's); shares this engine's SSH access.</summary>
    public DockerEngine WithConfig(string dockerConfig) => new(Cli.WithConfig(dockerConfig), ServerVersion, ssh, ownsSsh: false, chosenExecutable, clientProbed);

    /// <summary>
    /// This engine with the client chosen for builds (<see cref="DockerClientLocator"/>): itself when it was connected for
    /// builds, else one whose clients are probed now; shares this engine's SSH access and forward.
    /// </summary>
    public async Task<DockerEngine> ForBuildsAsync(CancellationToken cancellationToken = default)
    {
        if (clientProbed)
        {
            return this;
        }

        var client = await DockerClientLocator.LocateAsync(chosenExecutable, cancellationToken);
        return new DockerEngine(Cli.WithClient(client), ServerVersion, ssh, ownsSsh: false, chosenExecutable, clientProbed: true);
    }

    // A client that answered the engine, used as is: what it can build is asked only when a build needs it.
    private static DockerClient Unprobed(string executable) => new(executable, new Version(0, 0), DockerBuilderKind.ClassicBuildKit);

    public async ValueTask DisposeAsync()
    {
        if (ownsSsh && ssh is not null)
        {
            await ssh.DisposeAsync();
        }
    }

    // Any client can ask the engine's version: what it can build does not matter for the question.
    private static async Task<ToolResult?> AskVersionAsync(
        string executable, DockerEndpoint endpoint, string? dockerConfig, SshAccess ssh, CancellationToken cancellationToken)
    {
        try
        {
            // A session on the run's shared connection, not a second handshake racing the first.
            await ssh.WhenConnectedAsync(cancellationToken);
            var asker = new DockerClient(executable, new Version(0, 0), DockerBuilderKind.ClassicBuildKit);
            return await ToolRunner.RunAsync(new DockerCli(asker, endpoint, dockerConfig, ssh.Environment).ServerVersion(), cancellationToken);
        }
        catch (ToolException)
        {
            return null;
        }
    }

    private static async Task<string?> ForwardAsync(SshAccess ssh, CancellationToken cancellationToken)
    {
        try
        {
            return await ssh.ForwardEngineAsync(cancellationToken);
        }
        catch (ToolException exception)
        {
            // A speed-up, not a requirement: without it every command opens its own session, as the ssh:// helper does.
            Log.Debug("No forward of the Docker engine's socket: {Message}", exception.Message);
            return null;
        }
    }

    // The forward is used only once it answers with the engine the ssh:// helper reached; otherwise commands keep that path.
    private static async Task<DockerCli> ThroughForwardAsync(DockerCli cli, string forwarded, string version, CancellationToken cancellationToken)
    {
        var through = cli.WithForwardedHost(forwarded);
        var answer = await ToolRunner.RunAsync(through.ServerVersion(), cancellationToken);
        if (answer.Succeeded && answer.StandardOutput.Trim() == version)
        {
            Log.Information("Docker commands reach {Endpoint} through a socket forwarded on the shared SSH connection", cli.Endpoint.ToString());
            return through;
        }

        Log.Debug("The forwarded socket {Socket} did not answer as the engine ({Error}); commands use ssh:// sessions", forwarded, answer.StandardError.Trim());
        return cli;
    }

    /// <summary>
    /// Runs a command of this engine; throws <see cref="ToolException"/> (command line masked) if it fails, or the SSH
    /// diagnosis when ssh made it fail (a host key that changed mid-run, a revoked key).
    /// </summary>
    public async Task<ToolResult> RunAsync(ToolInvocation command, CancellationToken cancellationToken = default)
    {
        var result = await TryRunAsync(command, cancellationToken);
        if (!result.Succeeded && ssh is not null && await ssh.ExplainFailureAsync(result, cancellationToken) is { } explained)
        {
            throw explained;
        }

        return result.EnsureSuccess();
    }

    /// <summary>Runs a command of this engine whose failure the caller interprets.</summary>
    public async Task<ToolResult> TryRunAsync(ToolInvocation command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        // Only command lines of this engine's CLI run here, so none can slip past the endpoint and config it carries.
        if (command.FileName != Client.Executable)
        {
            throw new ArgumentException($"'{command.Render()}' is not a command of {Client.Executable}.", nameof(command));
        }

        var result = await ToolRunner.RunAsync(command, cancellationToken);
        if (!result.Succeeded && Cli.ForwardedHost is { } forwarded
            && result.StandardError.Contains("Cannot connect to the Docker daemon at " + forwarded, StringComparison.Ordinal))
        {
            // The forward is gone (the shared connection dropped): the CLI never reached the engine, so the command is
            // sent again the ssh:// way, which reconnects or fails with ssh's own reason for the diagnosis.
            Log.Warning("The forwarded Docker socket of {Endpoint} stopped answering; sending the command over ssh:// instead", Endpoint.ToString());
            result = await ToolRunner.RunAsync(Cli.WithoutForward(command), cancellationToken);
        }

        return result;
    }

    internal static string DescribeMissingEngine(DockerEndpoint endpoint, string? processDockerHost, ToolResult? result)
    {
        var dockerHost = endpoint.Host ?? processDockerHost;
        var where = endpoint.Context is { } context ? $"docker context {context}"
            : string.IsNullOrEmpty(dockerHost) ? "DOCKER_HOST is not set, so the CLI used its current context (by default unix:///var/run/docker.sock)"
            : $"DOCKER_HOST={dockerHost}";
        var reason = result?.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .LastOrDefault() ?? (result is null ? "the CLI did not start" : $"exit code {result.ExitCode}");
        return $"No Docker engine answers ({where}). Docker said: \"{reason}\". " +
            "Start one (Docker Desktop; 'sudo systemctl start docker'; on a bare Debian CI machine 'sudo .ci/provision-docker.sh'), " +
            "or point DOCKER_HOST or 'docker context use' at a running engine.";
    }
}
