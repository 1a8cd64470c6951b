using Slipway.Delivery.Docker;

namespace Slipway.Delivery.Tests.Docker;

/// <summary>ssh's standard error as OpenSSH 9.2 prints it, wrapped by the Docker CLI the way 20.10 and 28.x wrap it.</summary>
public class SshFailureParserTests
{
    private const string Docker20Prefix =
        "error during connect: Get \"http://docker.example.com/v1.24/version\": command [ssh -l root -p 2222 -- 10.233.77.2 docker system dial-stdio] "
        + "has exited with exit status 255, please make sure the URL is valid, and Docker 18.09 or later is installed on the remote host: stderr=";

    private const string Docker28Prefix =
        "error during connect: Get \"http://docker.example.com/v1.50/version\": command [ssh -o ConnectTimeout=30 -T -l root -p 2222 -- 10.233.77.2 docker system dial-stdio] "
        + "has exited with exit status 255, make sure the URL is valid, and Docker 18.09 or later is installed on the remote host: stderr=";

    private const string Unknown =
        "No ED25519 host key is known for [10.233.77.2]:2222 and you have requested strict checking.\nHost key verification failed.\n";

    private const string Changed = """
        @@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@
        @    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @
        @@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@
        IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!
        Someone could be eavesdropping on you right now (man-in-the-middle attack)!
        It is also possible that a host key has just been changed.
        The fingerprint for the ED25519 key sent by the remote host is
        SHA256:BALLZRcYV+XG6BLxiusa9qUEjXW89EJuKAL4JtjH5DA.
        Please contact your system administrator.
        Add correct host key in /tmp/slipway-ssh-1/known_hosts to get rid of this message.
        Offending ED25519 key in /tmp/slipway-ssh-1/known_hosts:1
          remove with:
          ssh-keygen -f "/tmp/slipway-ssh-1/known_hosts" -R "[10.233.77.2]:2222"
        Host key for [10.233.77.2]:2222 has changed and you have requested strict checking.
        Host key verification failed.
        """;

    [TestCase(Docker20Prefix)]
    [TestCase(Docker28Prefix)]
    [TestCase("")]
    public void AnUnknownHostKey_NamesTheHostAsKnownHostsFilesIt_AndTheKeyType(string prefix)
    {
        var failure = SshFailureParser.Parse(prefix + Unknown);

        Assert.That(failure, Is.Not.Null);
        Assert.That(failure!.Kind, Is.EqualTo(SshFailureKind.UnknownHostKey));
        Assert.That(failure.Host, Is.EqualTo("[10.233.77.2]:2222"));
        Assert.That(failure.KeyType, Is.EqualTo("ED25519"));
        Assert.That(failure.OfferedFingerprint, Is.Null);
    }

    [TestCase(Docker20Prefix)]
    [TestCase("")]
    public void AChangedHostKey_CarriesTheFingerprintTheHostOffered(string prefix)
    {
        var failure = SshFailureParser.Parse(prefix + Changed.Replace("\n", "\r\n", StringComparison.Ordinal));

        Assert.That(failure, Is.Not.Null);
        Assert.That(failure!.Kind, Is.EqualTo(SshFailureKind.ChangedHostKey));
        Assert.That(failure.Host, Is.EqualTo("[10.233.77.2]:2222"));
        Assert.That(failure.KeyType, Is.EqualTo("ED25519"));
        Assert.That(failure.OfferedFingerprint, Is.EqualTo("SHA256:BALLZRcYV+XG6BLxiusa9qUEjXW89EJuKAL4JtjH5DA"));
    }

    [Test]
    public void AChangedKeyWithoutTheClosingLine_IsStillAChange()
    {
        var failure = SshFailureParser.Parse(Changed.Split("Host key for")[0]);

        Assert.That(failure!.Kind, Is.EqualTo(SshFailureKind.ChangedHostKey));
        Assert.That(failure.OfferedFingerprint, Does.StartWith("SHA256:BALL"));
    }

    [Test]
    public void AnUnknownHostUnderStrictCheckingAsk_IsAnUnknownHostKey()
    {
        var failure = SshFailureParser.Parse(
            "The authenticity of host '[10.233.77.2]:2222 ([10.233.77.2]:2222)' can't be established.\nED25519 key fingerprint is SHA256:abc.\nHost key verification failed.");

        Assert.That(failure!.Kind, Is.EqualTo(SshFailureKind.UnknownHostKey));
        Assert.That(failure.Host, Is.EqualTo("[10.233.77.2]:2222"));
    }

    [Test]
    public void AVerificationFailureWithoutDetail_IsARejectedHostKey()
    {
        Assert.That(SshFailureParser.Parse(Docker20Prefix + "Host key verification failed.\n")!.Kind, Is.EqualTo(SshFailureKind.HostKeyRejected));
    }

    [TestCase(Docker20Prefix)]
    [TestCase(Docker28Prefix)]
    public void ARefusedKey_NamesUserAtHost(string prefix)
    {
        var failure = SshFailureParser.Parse(prefix + "root@10.233.77.2: Permission denied (publickey).\n");

        Assert.That(failure!.Kind, Is.EqualTo(SshFailureKind.KeyRefused));
        Assert.That(failure.Host, Is.EqualTo("root@10.233.77.2"));
        Assert.That(failure.Detail, Is.EqualTo("root@10.233.77.2: Permission denied (publickey)."));
    }

    [TestCase("ssh: connect to host 10.233.77.2 port 2222: Connection refused", "10.233.77.2")]
    [TestCase("ssh: connect to host 10.233.77.2 port 2222: Connection timed out", "10.233.77.2")]
    [TestCase("ssh: Could not resolve hostname deploy.example.invalid: Name or service not known", "deploy.example.invalid")]
    public void NoConnection_IsUnreachable(string line, string host)
    {
        var failure = SshFailureParser.Parse(Docker20Prefix + line + "\n");

        Assert.That(failure!.Kind, Is.EqualTo(SshFailureKind.Unreachable));
        Assert.That(failure.Host, Is.EqualTo(host));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("Error response from daemon: No such container: catalog-api-blue")]
    [TestCase("Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?")]
    public void AnythingElse_IsNotAnSshFailure(string? text) => Assert.That(SshFailureParser.Parse(text), Is.Null);
}
