using Slipway.Delivery.Docker;
using Slipway.Delivery.Tests.Remote;

namespace Slipway.Delivery.Tests.Docker;

public class SshCommandsTests
{
    [Test]
    public async Task TheKey_GoesToSshAddOnStandardInput_NeverIntoArguments()
    {
        var directory = Directory.CreateTempSubdirectory("slipway-sshcmd-test-").FullName;
        try
        {
            var key = SshDeployKey.Parse((await SshKeyPair.GenerateAsync(directory, "id", "test")).PrivateKey);

            var invocation = SshCommands.AddKey("/tmp/s/agent.sock", key);

            Assert.That(invocation.FileName, Is.EqualTo("ssh-add"));
            Assert.That(invocation.Arguments, Is.EqualTo(new[] { "-q", "-" }));
            Assert.That(invocation.StandardInput, Is.EqualTo(key.Text));
            Assert.That(invocation.Secrets, Does.Contain(key.Text).And.SupersetOf(key.BodyLines));
            Assert.That(invocation.Environment["SSH_AUTH_SOCK"], Is.EqualTo("/tmp/s/agent.sock"));
            Assert.That(invocation.Environment["SSH_ASKPASS_REQUIRE"], Is.EqualTo("never"));
            Assert.That(invocation.Render(), Does.Not.Contain(key.BodyLines[0]));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public void TheAgent_RunsInTheForeground_OnItsOwnSocket() =>
        Assert.That(SshCommands.StartAgent("/tmp/s/agent.sock").Arguments, Is.EqualTo(new[] { "-D", "-a", "/tmp/s/agent.sock" }));

    [Test]
    public void TheSharedConnection_AndTheForward_UseTheRunsConfigAndAgent_NeverAKey()
    {
        var config = new SshClientConfig("/tmp/slipway-ssh-x", "/usr/bin/ssh");
        var endpoint = new SshEndpoint("root", "10.0.0.5", 2222);

        var master = SshCommands.Master(config, endpoint);
        var ask = SshCommands.RemoteEngineAddress(config, endpoint);
        var forward = SshCommands.ForwardSocket(config, endpoint, "/tmp/slipway-ssh-x/docker.sock", "/var/run/docker.sock");

        Assert.Multiple(() =>
        {
            Assert.That(master.Arguments, Is.EqualTo(new[] { "-F", config.ConfigFile, "-p", "2222", "-M", "-N", "-o", "ControlPersist=no", "root@10.0.0.5" }));
            Assert.That(master.Timeout, Is.Null, "the shared connection lives until the run ends");
            Assert.That(ask.Arguments, Is.EqualTo(new[] { "-F", config.ConfigFile, "-p", "2222", "-T", "--", "root@10.0.0.5", "docker context inspect --format '{{.Endpoints.docker.Host}}'" }));
            Assert.That(forward.Arguments, Is.EqualTo(new[]
            {
                "-F", config.ConfigFile, "-p", "2222", "-O", "forward", "-L", "/tmp/slipway-ssh-x/docker.sock:/var/run/docker.sock", "root@10.0.0.5",
            }));
            foreach (var invocation in new[] { master, ask, forward })
            {
                Assert.That(invocation.FileName, Is.EqualTo("/usr/bin/ssh"));
                Assert.That(invocation.Environment["SSH_AUTH_SOCK"], Is.EqualTo(config.AgentSocket));
            }
        });
    }

    [Test]
    public void AKeyScan_AsksForThePortAndTheKeyType()
    {
        Assert.That(
            SshCommands.KeyScan(new SshEndpoint("root", "10.0.0.5", 2222), "ed25519").Arguments,
            Is.EqualTo(new[] { "-T", "5", "-p", "2222", "-t", "ed25519", "10.0.0.5" }));
        Assert.That(SshCommands.KeyScan(new SshEndpoint("root", "10.0.0.5", 22)).Arguments, Is.EqualTo(new[] { "-T", "5", "10.0.0.5" }));
    }

    [Test]
    public void Fingerprints_ReadKeysFromStandardInput()
    {
        var invocation = SshCommands.Fingerprints("[10.0.0.5]:2222 ssh-ed25519 AAAA\n");

        Assert.That(invocation.Arguments, Is.EqualTo(new[] { "-l", "-f", "-" }));
        Assert.That(invocation.StandardInput, Is.EqualTo("[10.0.0.5]:2222 ssh-ed25519 AAAA\n"));
    }

    [Test]
    public void AMaster_IsClosedThroughItsSocket() =>
        Assert.That(
            SshCommands.ExitMaster("/usr/bin/ssh", "/tmp/s/ssh_config", "/tmp/s/cm-abc").Arguments,
            Is.EqualTo(new[] { "-F", "/tmp/s/ssh_config", "-S", "/tmp/s/cm-abc", "-O", "exit", "slipway-control" }));

    [TestCase("ED25519", "ed25519")]
    [TestCase("ECDSA", "ecdsa")]
    [TestCase("RSA", "rsa")]
    [TestCase(null, null)]
    [TestCase("DSA", null)]
    public void KeyTypes_MapToKeyScanNames(string? ssh, string? keyScan) => Assert.That(SshCommands.KeyScanType(ssh), Is.EqualTo(keyScan));
}
