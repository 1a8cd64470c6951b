using System.Globalization;
using System.Text;

namespace Slipway.Delivery.Docker;

/// <summary>
/// The per-run OpenSSH client config and the <c>ssh</c> wrapper that makes the Docker CLI use it. The Docker CLI's
/// <c>ssh://</c> helper runs whatever <c>ssh</c> is first on PATH with its own arguments, and OpenSSH finds <c>~</c>
/// through the passwd entry rather than <c>$HOME</c>: a wrapper first on PATH that adds <c>-F</c> is the one place to
/// put our options. With <c>-F</c> ssh reads neither the user's nor the system's config, so nothing on the runner
/// can switch host key checking off.
/// </summary>
/// <param name="Directory">The private per-run directory (0700).</param>
/// <param name="RealSsh">The OpenSSH client the wrapper runs.</param>
/// <param name="ConnectionReuse">Whether one connection per host carries every command (ControlMaster).</param>
internal sealed record SshClientConfig(string Directory, string RealSsh, bool ConnectionReuse = true)
{
    /// <summary>How long an idle shared connection stays up; the dispose closes it sooner, a crash no later.</summary>
    public static readonly TimeSpan ControlPersist = TimeSpan.FromMinutes(2);

    public string ConfigFile => Path.Combine(Directory, "ssh_config");

    public string KnownHostsFile => Path.Combine(Directory, "known_hosts");

    public string IdentityFile => Path.Combine(Directory, "identity.pub");

    public string AgentSocket => Path.Combine(Directory, "agent.sock");

    public string BinDirectory => Path.Combine(Directory, "bin");

    public string Wrapper => Path.Combine(BinDirectory, "ssh");

    /// <summary>Control sockets start with this; %C is a hash of the connection, short enough for a socket path.</summary>
    public const string ControlSocketPrefix = "cm-";

    public string RenderConfig()
    {
        var config = new StringBuilder();
        config.Append("# Written by Slipway for one run; deleted when the run ends.\n");
        config.Append("Host *\n");
        Option(config, "StrictHostKeyChecking", "yes");
        Option(config, "UserKnownHostsFile", Quote(KnownHostsFile));
        // Only the pinned lines count: a runner's /etc/ssh/ssh_known_hosts is not this deploy's statement of trust.
        Option(config, "GlobalKnownHostsFile", "/dev/null");
        Option(config, "UpdateHostKeys", "no");
        Option(config, "VerifyHostKeyDNS", "no");
        Option(config, "CheckHostIP", "no");
        Option(config, "HashKnownHosts", "no");
        // Nobody can answer a prompt on a runner: fail at once instead of hanging.
        Option(config, "BatchMode", "yes");
        Option(config, "PasswordAuthentication", "no");
        Option(config, "KbdInteractiveAuthentication", "no");
        Option(config, "PreferredAuthentications", "publickey");
        // The public half selects the agent's key: only the deploy key is offered, never a key the runner happens to hold.
        Option(config, "IdentitiesOnly", "yes");
        Option(config, "IdentityFile", Quote(IdentityFile));
        Option(config, "IdentityAgent", Quote(AgentSocket));
        Option(config, "ForwardAgent", "no");
        Option(config, "ConnectTimeout", "15");
        Option(config, "ServerAliveInterval", "15");
        Option(config, "ServerAliveCountMax", "4");
        if (ConnectionReuse)
        {
            Option(config, "ControlMaster", "auto");
            Option(config, "ControlPath", Quote(Path.Combine(Directory, ControlSocketPrefix + "%C")));
            Option(config, "ControlPersist", ((int)ControlPersist.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s");
        }
        else
        {
            Option(config, "ControlMaster", "no");
            Option(config, "ControlPath", "none");
        }

        return config.ToString();
    }

    public string RenderWrapper() =>
        $"#!/bin/sh\n# Slipway's per-run ssh: the real client with this run's config (key from the agent, pinned host keys).\nexec {PosixShell.Quote(RealSsh)} -F {PosixShell.Quote(ConfigFile)} \"$@\"\n";

    private static void Option(StringBuilder config, string name, string value) =>
        config.Append("  ").Append(name).Append(' ').Append(value).Append('\n');

    // ssh_config takes a double-quoted argument; a path with a quote in it has no business being a temp dir.
    private static string Quote(string path) =>
        path.Contains('"', StringComparison.Ordinal)
            ? throw new ArgumentException($"A path for the ssh config cannot contain a double quote: {path}", nameof(path))
            : $"\"{path}\"";
}
