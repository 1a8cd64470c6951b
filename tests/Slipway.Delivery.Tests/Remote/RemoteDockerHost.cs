using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using Slipway.Delivery.Docker;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Tests.Remote;

/// <summary>
/// A "server" on this machine, as a deploy reaches one from a CI runner: a network namespace with its own address on
/// a veth pair, its own Docker engine (only the network namespace entered: <c>ip netns exec</c> remounts /sys and
/// dockerd then fails) and its own sshd in front of it (own config, host key, port and authorized_keys, root login by
/// key only, <c>SetEnv DOCKER_HOST</c> so <c>docker system dial-stdio</c> reaches this engine and not the machine's).
/// Everything is named <c>sw&lt;random&gt;</c>, so a teardown removes its own things only (ENVIRONMENT.md, "Several
/// hosts on one machine"). Create it in a <c>[OneTimeSetUp]</c>, dispose it in the <c>[OneTimeTearDown]</c>.
/// </summary>
internal sealed class RemoteDockerHost : IAsyncDisposable
{
    public const string Sshd = "/usr/sbin/sshd";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(20);

    private readonly CancellationTokenSource processes = new();
    private readonly CancellationTokenSource relays = new();
    private readonly List<Task<ToolResult>> relayProcesses = [];
    private Task<ToolResult>? engine;
    private Task<ToolResult>? sshd;
    private bool disposed;

    private RemoteDockerHost(string name, int subnet)
    {
        Name = name;
        // A /30 per host in 10.233.0.0/16: .1 is this machine's end of the veth pair, .2 the host's.
        var network = subnet * 4;
        OutsideAddress = $"10.233.{network / 256}.{(network % 256) + 1}";
        Address = $"10.233.{network / 256}.{(network % 256) + 2}";
        SshPort = RandomNumberGenerator.GetInt32(20000, 30000);
        StateDirectory = Path.Combine(Path.GetTempPath(), name);
    }

    /// <summary>The namespace's name, also the prefix of its links and the suffix of its engine's paths.</summary>
    public string Name { get; }

    /// <summary>The host's address, reachable from this machine (and only from it).</summary>
    public string Address { get; }

    public string OutsideAddress { get; }

    public int SshPort { get; }

    /// <summary>The Docker host a deploy is given: <c>ssh://root@address:port</c>.</summary>
    public string DockerHost => $"ssh://root@{Address}:{SshPort.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The engine's own socket, for a test's direct look at the host (not the path a deploy takes).</summary>
    public string EngineSocket => $"unix:///run/docker-{Name}.sock";

    /// <summary>A label on the engine (docker info's Labels) that tells it from every other engine on this machine.</summary>
    public string EngineLabel => $"slipway.test-host={Name}";

    public string DataRoot => $"/var/lib/docker-{Name}";

    public string ExecRoot => $"/run/docker-{Name}";

    public string StateDirectory { get; }

    /// <summary>The key authorized for root on this host.</summary>
    public SshKeyPair ClientKey { get; private set; } = null!;

    /// <summary>The host's own ed25519 key.</summary>
    public SshKeyPair HostKey { get; private set; } = null!;

    /// <summary>The line that pins this host's key, as <c>ssh-keyscan -p port address</c> prints it.</summary>
    public string KnownHostsLine => $"[{Address}]:{SshPort.ToString(CultureInfo.InvariantCulture)} {HostKey.PublicKeyWithoutComment}";

    /// <summary>What a CI runner is given for this host: the authorized key and the pinned host key.</summary>
    public SshCredentials Credentials => new(ClientKey.PrivateKey, KnownHostsLine);

    /// <summary>The sshd's output so far (-e: its log goes to stderr), for a failing test's message.</summary>
    public string SshdLog => sshd is { IsCompleted: true } done ? done.Result.StandardError : "(sshd still running; its log is read at exit)";

    public static async Task<RemoteDockerHost> StartAsync(CancellationToken cancellationToken = default)
    {
        RemoteHostPrerequisites.Require();
        var host = new RemoteDockerHost("sw" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3)), await FreeSubnetAsync(cancellationToken));
        try
        {
            await host.StartNetworkAsync(cancellationToken);
            await host.StartEngineAsync(cancellationToken);
            await host.StartSshdAsync(cancellationToken);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>A command against this host's engine through its socket (bypassing SSH).</summary>
    public ToolInvocation EngineCommand(params string[] arguments) =>
        new ToolInvocation("docker", ["-H", EngineSocket, .. arguments]) { LogOutput = false, Timeout = TimeSpan.FromMinutes(5) };

    /// <summary>
    /// Copies an image from this machine's engine into the host's: <c>docker save</c> to a file, <c>docker load</c> on
    /// the host's socket (the registry listens on 127.0.0.1 only, which the namespace cannot reach).
    /// </summary>
    public async Task LoadImageAsync(string image, CancellationToken cancellationToken = default)
    {
        var archive = Path.Combine(StateDirectory, "image-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)) + ".tar");
        try
        {
            (await ToolRunner.RunAsync(
                new ToolInvocation("docker", "save", "-o", archive, image) { LogOutput = false, Timeout = TimeSpan.FromMinutes(5) },
                cancellationToken)).EnsureSuccess();
            (await ToolRunner.RunAsync(EngineCommand("load", "-i", archive), cancellationToken)).EnsureSuccess();
        }
        finally
        {
            File.Delete(archive);
        }
    }

    /// <summary>
    /// Lets the host pull from this machine's registry under the same name, <c>127.0.0.1:5000</c>, as a server pulls
    /// from its registry: a relay in the namespace (its loopback :5000) to this machine's end of the veth pair, and one
    /// there to the registry on this machine's loopback. So a deploy by digest reference pulls the very manifest the
    /// tests pushed, over the network, as on a real server.
    /// </summary>
    public async Task ForwardRegistryAsync(CancellationToken cancellationToken = default)
    {
        var outside = ToolRunner.RunAsync(
            new ToolInvocation("socat", $"TCP-LISTEN:5000,bind={OutsideAddress},reuseaddr,fork", "TCP:127.0.0.1:5000") { LogOutput = false },
            relays.Token);
        await WaitUntilAsync("registry relay (outside)", outside, () => AcceptsAsync(OutsideAddress, 5000, cancellationToken), cancellationToken);
        var inside = ToolRunner.RunAsync(
            new ToolInvocation("nsenter", $"--net=/var/run/netns/{Name}", "socat", "TCP-LISTEN:5000,bind=127.0.0.1,reuseaddr,fork", $"TCP:{OutsideAddress}:5000")
            {
                LogOutput = false,
            },
            relays.Token);
        await WaitUntilAsync(
            "registry relay (inside)",
            inside,
            async () => (await ToolRunner.RunAsync(
                new ToolInvocation("nsenter", $"--net=/var/run/netns/{Name}", "bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/5000") { LogOutput = false },
                cancellationToken)).Succeeded,
            cancellationToken);
        relayProcesses.AddRange([outside, inside]);
    }

    /// <summary>
    /// Makes this host's engine a single-node Swarm manager (never the machine's main engine: other tests use it), its
    /// advertised address the namespace's own. Services on it use the host network (ENVIRONMENT.md): the engine runs
    /// without a bridge or iptables, so neither the routing mesh nor host-mode published ports reach a task here.
    /// </summary>
    public async Task InitSwarmAsync(CancellationToken cancellationToken = default) =>
        (await ToolRunner.RunAsync(EngineCommand("swarm", "init", "--advertise-addr", Address), cancellationToken)).EnsureSuccess();

    /// <summary>
    /// Joins this host's engine to <paramref name="manager"/>'s Swarm as a worker, advertising the namespace's address (the
    /// nodes reach each other through this machine: <see cref="StartNetworkAsync"/>'s route).
    /// </summary>
    public async Task JoinSwarmAsync(RemoteDockerHost manager, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manager);
        var token = (await ToolRunner.RunAsync(manager.EngineCommand("swarm", "join-token", "--quiet", "worker"), cancellationToken)).EnsureSuccess().StandardOutput.Trim();
        (await ToolRunner.RunAsync(EngineCommand("swarm", "join", "--advertise-addr", Address, "--token", token, $"{manager.Address}:2377"), cancellationToken)).EnsureSuccess();
    }

    /// <summary>Leaves the Swarm (removing its services and their tasks) before the engine stops, so no task is restarted during teardown.</summary>
    public async Task LeaveSwarmAsync() =>
        await ToolRunner.RunAsync(EngineCommand("swarm", "leave", "--force") with { Timeout = StopTimeout });

    /// <summary>Authorizes another public key for root (a second deploy key, a rotated one).</summary>
    public Task AuthorizeAsync(SshKeyPair key) =>
        File.AppendAllTextAsync(Path.Combine(StateDirectory, "authorized_keys"), key.PublicKey + "\n");

    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        await relays.CancelAsync();
        foreach (var relay in relayProcesses)
        {
            try
            {
                await relay;
            }
            catch (OperationCanceledException)
            {
                // Cancelling is how a relay is stopped.
            }
        }

        relays.Dispose();
        if (engine is { IsCompleted: false })
        {
            // Containers first, while the engine runs (stopping sshd stops it too): a restart policy keeps them, and their
            // shims, mounts and ports, alive past the engine's stop.
            var containers = await ToolRunner.RunAsync(EngineCommand("ps", "--all", "--quiet") with { Timeout = StopTimeout });
            if (containers.Succeeded && containers.OutputLines.Count > 0)
            {
                await ToolRunner.RunAsync(EngineCommand(["rm", "--force", "--volumes", .. containers.OutputLines]) with { Timeout = StopTimeout });
            }
        }

        await StopSshdAsync();
        await StopEngineAsync();
        // dockerd leaves an nsfs mount of the namespace in its exec root; the namespace cannot go while it is there.
        await BestEffortAsync("umount", Path.Combine(ExecRoot, "netns", "default"));
        await BestEffortAsync("ip", "netns", "del", Name);
        await BestEffortAsync("ip", "link", "del", Name + "-o");
        foreach (var directory in new[] { StateDirectory, DataRoot, ExecRoot })
        {
            DeleteDirectory(directory);
        }

        foreach (var file in new[] { $"/run/docker-{Name}.pid", $"/run/docker-{Name}.sock" })
        {
            File.Delete(file);
        }

        processes.Dispose();
    }

    private async Task StartNetworkAsync(CancellationToken cancellationToken)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("Remote hosts are Linux network namespaces.");
        }

        Directory.CreateDirectory(StateDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        string[][] steps =
        [
            ["ip", "netns", "add", Name],
            ["ip", "netns", "exec", Name, "ip", "link", "set", "lo", "up"],
            ["ip", "link", "add", Name + "-o", "type", "veth", "peer", "name", Name + "-i"],
            ["ip", "link", "set", Name + "-i", "netns", Name],
            ["ip", "addr", "add", OutsideAddress + "/30", "dev", Name + "-o"],
            ["ip", "link", "set", Name + "-o", "up"],
            ["ip", "netns", "exec", Name, "ip", "addr", "add", Address + "/30", "dev", Name + "-i"],
            ["ip", "netns", "exec", Name, "ip", "link", "set", Name + "-i", "up"],
            // The other test hosts, through this machine (which forwards between its veth ends): how the nodes of a
            // multi-node Swarm reach each other. Nothing beyond 10.233.0.0/16 is routed.
            ["ip", "netns", "exec", Name, "ip", "route", "add", "10.233.0.0/16", "via", OutsideAddress],
        ];
        foreach (var step in steps)
        {
            (await ToolRunner.RunAsync(new ToolInvocation(step[0], step[1..]) { LogOutput = false }, cancellationToken)).EnsureSuccess();
        }
    }

    private async Task StartEngineAsync(CancellationToken cancellationToken)
    {
        // Its own config file: the machine's /etc/docker/daemon.json is not this host's, and the trust key there would
        // give every engine the same ID. The label tells this engine apart in `docker info`.
        var config = Path.Combine(StateDirectory, "daemon.json");
        await File.WriteAllTextAsync(
            config,
            JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["labels"] = new[] { EngineLabel },
                ["deprecated-key-path"] = Path.Combine(StateDirectory, "engine-key.json"),
            }),
            cancellationToken);
        engine = ToolRunner.RunAsync(
            new ToolInvocation(
                "nsenter", $"--net=/var/run/netns/{Name}", "dockerd",
                "--config-file", config,
                "--data-root", DataRoot, "--exec-root", ExecRoot,
                "--pidfile", $"/run/docker-{Name}.pid", "--host", EngineSocket,
                "--bridge=none", "--iptables=false", "--ip-masq=false")
            { LogOutput = false },
            processes.Token);
        await WaitUntilAsync(
            "dockerd",
            engine,
            async () => (await ToolRunner.RunAsync(EngineCommand("version", "--format", "{{.Server.Version}}") with { Timeout = TimeSpan.FromSeconds(10) }, cancellationToken)).Succeeded,
            cancellationToken);
    }

    private async Task StartSshdAsync(CancellationToken cancellationToken)
    {
        ClientKey = await SshKeyPair.GenerateAsync(StateDirectory, "client_key", $"slipway-test@{Name}");
        HostKey = await SshKeyPair.GenerateAsync(StateDirectory, "host_key", $"host@{Name}");
        await AuthorizeAsync(ClientKey);
        var config = Path.Combine(StateDirectory, "sshd_config");
        await File.WriteAllTextAsync(
            config,
            $"""
            Port {SshPort.ToString(CultureInfo.InvariantCulture)}
            ListenAddress {Address}
            HostKey {Path.Combine(StateDirectory, "host_key")}
            PidFile {Path.Combine(StateDirectory, "sshd.pid")}
            AuthorizedKeysFile {Path.Combine(StateDirectory, "authorized_keys")}
            # The key files live under /tmp (world-writable), which StrictModes would refuse.
            StrictModes no
            UsePAM no
            PermitRootLogin prohibit-password
            PubkeyAuthentication yes
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            AllowAgentForwarding no
            X11Forwarding no
            PrintMotd no
            LogLevel VERBOSE
            # DOCKER_HOST: the namespace shares this machine's files, so `docker system dial-stdio` would otherwise reach the
            # main engine's default socket. SHLVL=1: bash run by sshd reads root's ~/.bashrc, which on these machines runs
            # `pyenv init` (4.5 s a session); a deploy user on a real server has no such thing, and the figures must not either.
            SetEnv DOCKER_HOST={EngineSocket} SHLVL=1

            """,
            cancellationToken);
        // sshd's privilege separation directory; the package creates it only when its own service runs.
        Directory.CreateDirectory("/run/sshd");
        (await ToolRunner.RunAsync(new ToolInvocation(Sshd, "-t", "-f", config) { LogOutput = false }, cancellationToken)).EnsureSuccess();
        sshd = ToolRunner.RunAsync(
            new ToolInvocation("nsenter", $"--net=/var/run/netns/{Name}", Sshd, "-D", "-e", "-f", config) { LogOutput = false },
            processes.Token);
        await WaitUntilAsync("sshd", sshd, () => AcceptsAsync(Address, SshPort, cancellationToken), cancellationToken);
    }

    private async Task StopSshdAsync()
    {
        if (sshd is null)
        {
            return;
        }

        // SIGKILL to the tree is fine here: sshd keeps no state, and its session children go with it.
        await processes.CancelAsync();
        await SettleAsync(sshd);
    }

    /// <summary>
    /// Stops this host's engine (SIGTERM by its pid file; its API socket closes at once), as a server whose engine dies
    /// mid-deploy; also the last step of the teardown, which then finds it stopped.
    /// </summary>
    public async Task StopEngineAsync()
    {
        if (engine is null)
        {
            return;
        }

        // The engine gets SIGTERM (by its pid file) so it unmounts its layers; only a hung one is killed.
        var pidFile = $"/run/docker-{Name}.pid";
        if (File.Exists(pidFile))
        {
            await BestEffortAsync("kill", "-TERM", (await File.ReadAllTextAsync(pidFile)).Trim());
        }

        if (await Task.WhenAny(engine, Task.Delay(StopTimeout)) != engine)
        {
            await processes.CancelAsync();
        }

        await SettleAsync(engine);
    }

    private static async Task SettleAsync(Task<ToolResult> process)
    {
        try
        {
            await process;
        }
        catch (OperationCanceledException)
        {
            // Cancelling its run is how ToolRunner stops a foreground daemon.
        }
    }

    private static async Task WaitUntilAsync(string what, Task<ToolResult> process, Func<Task<bool>> ready, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (!await ready())
        {
            if (process.IsCompleted)
            {
                var result = await process;
                Assert.Fail($"{what} stopped at start (exit {result.ExitCode}):\n{result.StandardError}\n{result.StandardOutput}");
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"{what} did not answer within {StartTimeout.TotalSeconds:0} s.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }

    private static async Task<bool> AcceptsAsync(string address, int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Parse(address), port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    // A /30 in 10.233.0.0/16 that no interface on this machine uses (another run's host, another engineer's).
    private static async Task<int> FreeSubnetAsync(CancellationToken cancellationToken)
    {
        var addresses = (await ToolRunner.RunAsync(new ToolInvocation("ip", "-o", "-4", "addr", "show") { LogOutput = false }, cancellationToken))
            .EnsureSuccess().StandardOutput;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var subnet = RandomNumberGenerator.GetInt32(1, 16384);
            var network = subnet * 4;
            var prefix = $"10.233.{network / 256}.";
            var taken = Enumerable.Range(1, 2).Any(offset => addresses.Contains($" {prefix}{(network % 256) + offset}/", StringComparison.Ordinal));
            if (!taken)
            {
                return subnet;
            }
        }

        throw new InvalidOperationException("No free /30 in 10.233.0.0/16.");
    }

    private static async Task BestEffortAsync(params string[] command)
    {
        try
        {
            await ToolRunner.RunAsync(new ToolInvocation(command[0], command[1..]) { LogOutput = false, Timeout = TimeSpan.FromSeconds(30) });
        }
        catch (ToolException)
        {
            // Teardown goes on: each step removes what it can, and a later one may not depend on it.
        }
    }

    private static void DeleteDirectory(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException exception)
        {
            TestContext.Progress.WriteLine($"Could not delete {directory}: {exception.Message}");
        }
        catch (UnauthorizedAccessException exception)
        {
            TestContext.Progress.WriteLine($"Could not delete {directory}: {exception.Message}");
        }
    }
}
