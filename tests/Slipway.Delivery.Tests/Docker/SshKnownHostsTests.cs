using Slipway.Delivery.Docker;
using Slipway.Engine;

namespace Slipway.Delivery.Tests.Docker;

public class SshKnownHostsTests
{
    private static readonly SshEndpoint Endpoint = new("root", "10.0.0.5", 2222);

    private const string Ed25519 = "[10.0.0.5]:2222 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDk2sH3bq3bV+0m4a2s9x2nT5l9QyJx2a1cYl8yq0Qk3";

    [Test]
    public void KeyScanOutput_WithCommentsAndBlankLines_BecomesTheFile()
    {
        var hosts = SshKnownHosts.Parse($"# 10.0.0.5:2222 SSH-2.0-OpenSSH_9.2p1\r\n\n{Ed25519}\r\n  @cert-authority *.example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5  \n", Endpoint);

        Assert.That(hosts.Lines, Is.EqualTo(new[] { Ed25519, "@cert-authority *.example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5" }));
        Assert.That(hosts.FileText, Does.EndWith("AAAAC3NzaC1lZDI1NTE5\n"));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("# only a comment\n")]
    public void NoLines_IsBadInput_WithTheKeyScanCommand(string? value)
    {
        var error = Assert.Throws<BuildFailedException>(() => SshKnownHosts.Parse(value, Endpoint));

        Assert.That(error!.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
        Assert.That(error.Message, Does.Contain("DEPLOY_KNOWN_HOSTS is empty").And.Contain("[10.0.0.5]:2222").And.Contain("ssh-keyscan -p 2222 10.0.0.5"));
    }

    [TestCase("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5")]
    [TestCase("10.0.0.5 ssh-ed25519 not-base64!")]
    public void AMalformedLine_IsBadInput_NamingItsNumber(string line)
    {
        var error = Assert.Throws<BuildFailedException>(() => SshKnownHosts.Parse(Ed25519 + "\n" + line, Endpoint));

        Assert.That(error!.Message, Does.Contain("line 2"));
    }

    [Test]
    public void OnPort22_TheHintHasNoPort() =>
        Assert.That(SshKnownHosts.KeyScanHint(new SshEndpoint("root", "app.example.com", 22)), Is.EqualTo("ssh-keyscan app.example.com"));
}
