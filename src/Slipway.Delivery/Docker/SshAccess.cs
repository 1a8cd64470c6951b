using System.Runtime.Versioning;
using System.Security.Cryptography;
using Serilog;
using Slipway.Engine;
using Slipway.Engine.Logging;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Docker;

/// <summary>
/// Per-run SSH access for the Docker CLI's <c>ssh://</c> connection helper, as a CI runner needs it: the deploy key in
/// a per-run <c>ssh-agent</c> (given on standard input, never in argv or a file), the pinned host keys in a per-run
/// <c>known_hosts</c>, <c>StrictHostKeyChecking yes</c> always, one shared connection per host. Every Docker CLI
/// process aimed at the endpoint gets <see cref="Environment"/> (<see cref="Apply"/>); <see cref="DisposeAsync"/>
/// closes the shared connections, stops the agent and deletes the directory.
/// Without a deploy key (a developer's machine) it changes nothing: the user's own ssh setup is used as it is, and only
/// <see cref="ExplainFailureAsync"/> adds something, the same diagnosis.
/// </summary>
internal sealed class SshAccess : IAsyncDisposable
{
    private static readonly TimeSpan AgentStartTimeout = TimeSpan.FromSeconds(10);

    // ConnectTimeout (15 s) plus the key exchange; after it the first command tries on its own and reports what ssh says.
    private static readonly TimeSpan MasterStartTimeout = TimeSpan.FromSeconds(20);

    private const string ForwardedSocketName = "docker.sock";

    // Unix socket paths are limited to 108 bytes; the control socket adds "cm-" and a 40-character hash.
    private const int LongestSocketDirectory = 60;

    private readonly SshClientConfig? config;
    private readonly CancellationTokenSource? agentStop;
    private readonly Task<ToolResult>? agent;
    private readonly string? offeredKeyFingerprint;
    private readonly CancellationTokenSource masterStop = new();
    private Task<ToolResult>? master;
    private bool disposed;

    private SshAccess(SshEndpoint? endpoint)
    {
        Endpoint = endpoint;
        Environment = new Dictionary<string, string?>();
    }

    private SshAccess(
        SshEndpoint endpoint,
        SshClientConfig config,
        CancellationTokenSource agentStop,
        Task<ToolResult> agent,
        IReadOnlyDictionary<string, string?> environment,
        string? offeredKeyFingerprint)
    {
        Endpoint = endpoint;
        this.config = config;
        this.agentStop = agentStop;
        this.agent = agent;
        Environment = environment;
        this.offeredKeyFingerprint = offeredKeyFingerprint;
    }

    /// <summary>The ssh:// endpoint this access is for; null when the Docker host is not ssh:// (nothing to do).</summary>
    public SshEndpoint? Endpoint { get; }

    /// <summary>Whether the deploy key and pinned host keys are in use (false: the user's own ssh setup).</summary>
    public bool UsesDeployKey => config is not null;

    /// <summary>The per-run directory (0700) holding the config, known_hosts, wrapper and sockets; null without a deploy key.</summary>
    public string? Directory => config?.Directory;

    /// <summary>
    /// The variables every Docker CLI process aimed at the endpoint must get: PATH with the per-run <c>ssh</c> wrapper
    /// first and SSH_AUTH_SOCK of the per-run agent. Empty without a deploy key. Holds no secret.
    /// </summary>
    public IReadOnlyDictionary<string, string?> Environment { get; }

    /// <summary>
    /// Prepares access to <paramref name="dockerHost"/>. Bad input (a key that does not parse, no pinned host keys for an
    /// ssh:// host when a key is given) is a <see cref="BuildFailedException"/> with exit 2 before any process starts.
    /// </summary>
    /// <param name="dockerHost">The effective Docker host (the --host value, else DOCKER_HOST); null or non-ssh:// needs nothing.</param>
    /// <param name="credentials">DEPLOY_SSH_KEY and DEPLOY_KNOWN_HOSTS, usually <see cref="SshCredentials.FromEnvironment"/>.</param>
    /// <param name="connectionReuse">One connection per host for all commands (ControlMaster); on by default.</param>
    /// <param name="cancellationToken">Stops the preparation.</param>
    public static async Task<SshAccess> PrepareAsync(
        string? dockerHost,
        SshCredentials credentials,
        bool connectionReuse = true,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        SshEndpoint? endpoint;
        try
        {
            endpoint = SshEndpoint.FromDockerHost(dockerHost);
        }
        catch (FormatException exception)
        {
            throw BuildFailedException.BadInput(exception.Message);
        }

        // A key given to a job whose engine is local has nothing to do: the workflows hand it to every deploy job.
        if (endpoint is null || !credentials.HasKey)
        {
            return new SshAccess(endpoint);
        }

        var key = SshDeployKey.Parse(credentials.PrivateKey!);
        if (OperatingSystem.IsWindows())
        {
            // The agent socket and the sh wrapper are Unix tools; Windows runners reach Linux servers through WSL.
            throw BuildFailedException.BadInput(
                $"{SshCredentials.PrivateKeyVariable} is supported on Linux and macOS runners; run this deploy job on one.");
        }

        SecretMasker.Register(key.Text);
        foreach (var line in key.BodyLines)
        {
            SecretMasker.Register(line);
        }

        var knownHosts = SshKnownHosts.Parse(credentials.KnownHosts, endpoint);
        var realSsh = FindRealSsh();
        var directory = CreatePrivateDirectory();
        var config = new SshClientConfig(directory, realSsh, connectionReuse);
        var agentStop = new CancellationTokenSource();
        Task<ToolResult>? agent = null;
        try
        {
            agent = ToolRunner.RunAsync(SshCommands.StartAgent(config.AgentSocket), agentStop.Token);
            await WaitForSocketAsync(config.AgentSocket, agent, cancellationToken);
            var added = await ToolRunner.RunAsync(SshCommands.AddKey(config.AgentSocket, key), cancellationToken);
            if (!added.Succeeded)
            {
                throw BuildFailedException.BadInput(
                    $"{SshCredentials.PrivateKeyVariable} could not be loaded by ssh-add: {FirstLine(added.StandardError)}");
            }

            var publicKeys = (await ToolRunner.RunAsync(SshCommands.ListPublicKeys(config.AgentSocket), cancellationToken)).EnsureSuccess();
            await WritePrivateFileAsync(config.IdentityFile, publicKeys.StandardOutput, cancellationToken);
            await WritePrivateFileAsync(config.KnownHostsFile, knownHosts.FileText, cancellationToken);
            await WritePrivateFileAsync(config.ConfigFile, config.RenderConfig(), cancellationToken);
            System.IO.Directory.CreateDirectory(config.BinDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            await WritePrivateFileAsync(config.Wrapper, config.RenderWrapper(), cancellationToken);
            File.SetUnixFileMode(config.Wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

            var fingerprint = await ToolRunner.RunAsync(SshCommands.Fingerprints(publicKeys.StandardOutput), cancellationToken);
            var offered = fingerprint.OutputLines is [var first, ..] && first.Split(' ', StringSplitOptions.RemoveEmptyEntries) is { Length: > 1 } fields
                ? fields[1]
                : null;

            var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                ["PATH"] = config.BinDirectory + Path.PathSeparator + (System.Environment.GetEnvironmentVariable("PATH") ?? string.Empty),
                ["SSH_AUTH_SOCK"] = config.AgentSocket,
                // An inherited agent pid names someone else's agent: `ssh-agent -k` must never reach it.
                ["SSH_AGENT_PID"] = null,
            };
            Log.Information(
                "SSH to {Endpoint}: deploy key {Fingerprint} in a per-run agent, {Count} pinned host key line(s), connection reuse {Reuse}",
                endpoint.ToString(),
                offered ?? "(unknown fingerprint)",
                knownHosts.Lines.Count,
                connectionReuse ? "on" : "off");
            var access = new SshAccess(endpoint, config, agentStop, agent, environment, offered);
            if (connectionReuse)
            {
                // The handshake overlaps the rest of start-up (finding the CLI); the first Docker command waits for it.
                access.master = ToolRunner.RunAsync(SshCommands.Master(config, endpoint), access.masterStop.Token);
            }

            return access;
        }
        catch
        {
            await StopAsync(config, agentStop, agent);
            agentStop.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Waits until the shared connection is up (its control socket exists) or has failed, so the commands that follow
    /// are sessions on it instead of racing to open connections of their own. A failed connection is not reported here:
    /// the next command meets the same ssh error, which <see cref="ExplainFailureAsync"/> explains.
    /// </summary>
    public async Task WhenConnectedAsync(CancellationToken cancellationToken = default)
    {
        if (master is null || config is null)
        {
            return;
        }

        var deadline = DateTime.UtcNow + MasterStartTimeout;
        while (!master.IsCompleted && !HasControlSocket() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), cancellationToken);
        }
    }

    /// <summary>
    /// Forwards a local unix socket in the run's private directory to the server's engine socket over the shared
    /// connection, so a Docker command is a round trip on an open channel instead of a new ssh session that starts a
    /// <c>docker system dial-stdio</c> on the server (issue 13 §2: ~0.5 s a command). Returns the local address
    /// (<c>unix://…</c>), or null when there is nothing to forward to (no shared connection, or the server's engine is
    /// not a unix socket); the caller proves the forward reaches the same engine before using it.
    /// </summary>
    public async Task<string?> ForwardEngineAsync(CancellationToken cancellationToken = default)
    {
        if (master is null || config is null || Endpoint is null)
        {
            return null;
        }

        await WhenConnectedAsync(cancellationToken);
        if (master.IsCompleted)
        {
            return null;
        }

        var asked = await ToolRunner.RunAsync(SshCommands.RemoteEngineAddress(config, Endpoint), cancellationToken);
        var remote = asked.Succeeded ? asked.StandardOutput.Trim() : string.Empty;
        if (!remote.StartsWith("unix://", StringComparison.Ordinal))
        {
            Log.Debug("SSH to {Endpoint}: no engine socket to forward ({Answer}); every Docker command opens a session", Endpoint.ToString(), FirstLine(asked.StandardError + remote));
            return null;
        }

        var local = Path.Combine(config.Directory, ForwardedSocketName);
        var forwarded = await ToolRunner.RunAsync(SshCommands.ForwardSocket(config, Endpoint, local, remote["unix://".Length..]), cancellationToken);
        if (!forwarded.Succeeded)
        {
            Log.Debug("SSH to {Endpoint}: the forward to {Remote} failed ({Error})", Endpoint.ToString(), remote, FirstLine(forwarded.StandardError));
            return null;
        }

        return "unix://" + local;
    }

    /// <summary>The invocation with <see cref="Environment"/> added; unchanged without a deploy key.</summary>
    public ToolInvocation Apply(ToolInvocation invocation)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        if (Environment.Count == 0)
        {
            return invocation;
        }

        var merged = new Dictionary<string, string?>(invocation.Environment, StringComparer.Ordinal);
        foreach (var (name, value) in Environment)
        {
            merged[name] = value;
        }

        return invocation with { Environment = merged };
    }

    /// <summary>
    /// The stop for a failed Docker CLI command against the endpoint when ssh caused it (unknown or changed host key,
    /// refused key: exit 2; unreachable: exit 1); null when the failure is not ssh's, so the caller reports it as usual.
    /// </summary>
    public async Task<BuildFailedException?> ExplainFailureAsync(ToolResult failed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(failed);
        if (Endpoint is null || failed.Succeeded)
        {
            return null;
        }

        return await SshFailureDiagnosis.ExplainAsync(Endpoint, failed.StandardError, UsesDeployKey, offeredKeyFingerprint, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        if (config is not null)
        {
            await StopAsync(config, agentStop!, agent);
            agentStop!.Dispose();
        }

        // StopAsync's "-O exit" ends the shared connection and its forward; a master that did not hear it is killed.
        if (master is not null)
        {
            await masterStop.CancelAsync();
            try
            {
                await master;
            }
            catch (OperationCanceledException)
            {
                // Cancelling its run is how ToolRunner stops a foreground process.
            }
        }

        masterStop.Dispose();
    }

    private bool HasControlSocket() =>
        System.IO.Directory.EnumerateFileSystemEntries(config!.Directory, SshClientConfig.ControlSocketPrefix + "*").Any();

    private static async Task StopAsync(SshClientConfig config, CancellationTokenSource agentStop, Task<ToolResult>? agent)
    {
        // Shared connections first: a master outlives the command that opened it by ControlPersist.
        if (System.IO.Directory.Exists(config.Directory))
        {
            foreach (var socket in System.IO.Directory.EnumerateFileSystemEntries(config.Directory, SshClientConfig.ControlSocketPrefix + "*"))
            {
                try
                {
                    await ToolRunner.RunAsync(SshCommands.ExitMaster(config.RealSsh, config.ConfigFile, socket));
                }
                catch (ToolException exception)
                {
                    Log.Warning("Could not close the shared SSH connection {Socket}: {Message}", socket, exception.Message);
                }
            }
        }

        if (agent is not null)
        {
            await agentStop.CancelAsync();
            try
            {
                await agent;
            }
            catch (OperationCanceledException)
            {
                // Cancelling the run is how the agent is stopped: ToolRunner kills it and reports the cancellation.
            }
            catch (ToolException exception)
            {
                Log.Warning("The per-run ssh-agent did not run cleanly: {Message}", exception.Message);
            }
        }

        try
        {
            if (System.IO.Directory.Exists(config.Directory))
            {
                System.IO.Directory.Delete(config.Directory, recursive: true);
            }
        }
        catch (IOException exception)
        {
            Log.Warning("Could not delete the per-run SSH directory {Directory}: {Message}", config.Directory, exception.Message);
        }
    }

    private static async Task WaitForSocketAsync(string socket, Task<ToolResult> agent, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(AgentStartTimeout);
        while (!File.Exists(socket))
        {
            if (agent.IsCompleted)
            {
                var result = await agent;
                throw new BuildFailedException($"ssh-agent stopped at start (exit {result.ExitCode}): {FirstLine(result.StandardError)}");
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(10), timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new BuildFailedException($"ssh-agent did not open its socket {socket} within {AgentStartTimeout.TotalSeconds:0} s.");
            }
        }
    }

    [UnsupportedOSPlatform("windows")]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "S5443", Justification = "A 0700 folder with an unguessable name under the temp folder: ssh-agent's socket path must stay short, and no other user can read or enter it.")]
    private static string CreatePrivateDirectory()
    {
        var parent = Path.GetTempPath();
        if (parent.Length > LongestSocketDirectory)
        {
            parent = "/tmp";
        }

        var directory = Path.Combine(parent, "slipway-ssh-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)));
        System.IO.Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return directory;
    }

    [UnsupportedOSPlatform("windows")]
    private static async Task WritePrivateFileAsync(string path, string text, CancellationToken cancellationToken)
    {
        // Created 0600 before the first byte is written: never readable by others, not even for a moment.
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        };
        await using var stream = new FileStream(path, options);
        await using var writer = new StreamWriter(stream);
        await writer.WriteAsync(text.AsMemory(), cancellationToken);
    }

    private static string FindRealSsh()
    {
        var path = System.Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, "ssh");
            // Another run's wrapper (a nested build) would chain two configs; the real client is what we wrap.
            if (File.Exists(candidate) && !candidate.Contains("slipway-ssh-", StringComparison.Ordinal))
            {
                return candidate;
            }
        }

        throw new BuildFailedException(
            "No OpenSSH client found (looked for 'ssh' on PATH); a Docker host at ssh:// needs one (Debian: apt-get install openssh-client).");
    }

    private static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "(no message)";
}
