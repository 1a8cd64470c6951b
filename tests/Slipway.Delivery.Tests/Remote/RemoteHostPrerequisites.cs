namespace Slipway.Delivery.Tests.Remote;

/// <summary>Fails (never skips, in CI or not) a remote-host test whose tools or privileges are missing, saying how to provision them.</summary>
internal static class RemoteHostPrerequisites
{
    private static readonly string[] Tools = ["ip", "nsenter", "dockerd", "docker", "ssh", "ssh-agent", "ssh-add", "ssh-keygen", "ssh-keyscan"];

    public static void Require()
    {
        if (!string.Equals(Environment.UserName, "root", StringComparison.Ordinal))
        {
            Assert.Fail("Remote-host tests create network namespaces and start dockerd and sshd: they must run as root.");
        }

        var path = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var missing = Tools.Where(tool => !path.Any(directory => File.Exists(Path.Combine(directory, tool)))).ToList();
        if (!File.Exists(RemoteDockerHost.Sshd))
        {
            missing.Add(RemoteDockerHost.Sshd);
        }

        if (missing.Count > 0)
        {
            Assert.Fail($"Missing: {string.Join(", ", missing)}. The remote-host tests run real OpenSSH and Docker engines: "
                        + "run .ci/provision-ssh.sh and .ci/provision-docker.sh (as root).");
        }
    }
}
