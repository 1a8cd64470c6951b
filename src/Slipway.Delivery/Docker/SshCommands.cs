using System.Globalization;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Docker;

/// <summary>
/// The OpenSSH command lines <see cref="SshAccess"/> runs, as data (Kamal's commands model). The private key only ever
/// travels on standard input; these arguments hold paths, host names and public material.
/// </summary>
internal static class SshCommands
{
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A per-run agent in the foreground (<c>-D</c>), so it is this process's child: cancelling its run kills it, and
    /// no pid has to be parsed out of its output.
    /// </summary>
    public static ToolInvocation StartAgent(string socket) =>
        new("ssh-agent", "-D", "-a", socket) { LogOutput = false };

    /// <summary><c>ssh-add -</c>: the key on standard input, masked in anything ssh-add prints.</summary>
    public static ToolInvocation AddKey(string agentSocket, SshDeployKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new ToolInvocation("ssh-add", "-q", "-")
        {
            StandardInput = key.Text,
            Secrets = [key.Text, .. key.BodyLines],
            // A passphrase prompt would hang a CI job; an encrypted key is refused earlier, this is the backstop.
            Environment = new Dictionary<string, string?>
            {
                ["SSH_AUTH_SOCK"] = agentSocket,
                ["SSH_ASKPASS_REQUIRE"] = "never",
                ["DISPLAY"] = null,
            },
            LogOutput = false,
            Timeout = QueryTimeout,
        };
    }

    /// <summary>The public halves of the agent's keys, one <c>authorized_keys</c>-style line each.</summary>
    public static ToolInvocation ListPublicKeys(string agentSocket) =>
        new ToolInvocation("ssh-add", "-L").WithEnvironment("SSH_AUTH_SOCK", agentSocket) with { LogOutput = false, Timeout = QueryTimeout };

    /// <summary>The keys a host offers, as <c>known_hosts</c> lines; <paramref name="keyType"/> as ssh-keyscan's <c>-t</c> takes it.</summary>
    public static ToolInvocation KeyScan(SshEndpoint endpoint, string? keyType = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var arguments = new List<string> { "-T", "5" };
        if (endpoint.Port != SshEndpoint.DefaultPort)
        {
            arguments.AddRange(["-p", endpoint.Port.ToString(CultureInfo.InvariantCulture)]);
        }

        if (keyType is not null)
        {
            arguments.AddRange(["-t", keyType]);
        }

        arguments.Add(endpoint.Host);
        return new ToolInvocation("ssh-keyscan", arguments) { LogOutput = false, Timeout = QueryTimeout };
    }

    /// <summary>The fingerprints of public keys given on standard input (<c>ssh-keygen -lf -</c>).</summary>
    public static ToolInvocation Fingerprints(string publicKeyLines) =>
        new ToolInvocation("ssh-keygen", "-l", "-f", "-") { StandardInput = publicKeyLines, LogOutput = false, Timeout = QueryTimeout };

    /// <summary>Asks a connection-sharing master to close its connection and exit.</summary>
    public static ToolInvocation ExitMaster(string ssh, string configFile, string controlSocket) =>
        // The destination is required by the syntax and ignored: the socket names the master.
        new ToolInvocation(ssh, "-F", configFile, "-S", controlSocket, "-O", "exit", "slipway-control") { LogOutput = false, Timeout = QueryTimeout };

    /// <summary>ssh-keyscan's <c>-t</c> name for a key type as ssh prints it in its messages (ED25519 → ed25519).</summary>
    /// <summary>
    /// The run's shared connection, opened in the foreground (<c>-M -N</c>) so it lives exactly as long as the run holds
    /// it, not <c>ControlPersist</c> past its last command: every later ssh of the run (the Docker CLI's, the forward's)
    /// is a session or channel on it.
    /// </summary>
    public static ToolInvocation Master(SshClientConfig config, SshEndpoint endpoint) =>
        Ssh(config, endpoint, ["-M", "-N", "-o", "ControlPersist=no"]) with { LogOutput = false, Timeout = null };

    /// <summary>
    /// Asks the server which engine <c>docker system dial-stdio</c> reaches there (its DOCKER_HOST, else its current
    /// context): the socket to forward, so the forward reaches the very engine the <c>ssh://</c> helper does.
    /// </summary>
    public static ToolInvocation RemoteEngineAddress(SshClientConfig config, SshEndpoint endpoint) =>
        Ssh(config, endpoint, ["-T", "--", endpoint.Destination, "docker context inspect --format '{{.Endpoints.docker.Host}}'"]);

    /// <summary>Adds a forward of a local unix socket to the server's engine socket to the shared connection (<c>-O forward</c>).</summary>
    public static ToolInvocation ForwardSocket(SshClientConfig config, SshEndpoint endpoint, string localSocket, string remoteSocket) =>
        Ssh(config, endpoint, ["-O", "forward", "-L", localSocket + ":" + remoteSocket]);

    private static ToolInvocation Ssh(SshClientConfig config, SshEndpoint endpoint, string[] arguments)
    {
        var port = endpoint.Port == SshEndpoint.DefaultPort ? [] : new[] { "-p", endpoint.Port.ToString(CultureInfo.InvariantCulture) };
        // A destination given after "--" is where the options end; -O and -M need it too (it names the master).
        var destination = arguments.Contains("--") ? [] : new[] { endpoint.Destination };
        return new ToolInvocation(config.RealSsh, ["-F", config.ConfigFile, .. port, .. arguments, .. destination])
        {
            Environment = new Dictionary<string, string?> { ["SSH_AUTH_SOCK"] = config.AgentSocket, ["SSH_AGENT_PID"] = null },
            LogOutput = false,
            Timeout = QueryTimeout,
        };
    }

    public static string? KeyScanType(string? sshKeyType) => sshKeyType?.ToUpperInvariant() switch
    {
        "ED25519" => "ed25519",
        "ECDSA" => "ecdsa",
        "RSA" => "rsa",
        "ED25519-SK" => "ed25519-sk",
        "ECDSA-SK" => "ecdsa-sk",
        _ => null,
    };
}
