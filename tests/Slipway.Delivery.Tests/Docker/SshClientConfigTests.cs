using Slipway.Delivery.Docker;

namespace Slipway.Delivery.Tests.Docker;

public class SshClientConfigTests
{
    private static readonly SshClientConfig Config = new("/tmp/slipway-ssh-0a1b2c", "/usr/bin/ssh");

    [Test]
    public void HostKeysAreAlwaysChecked_AgainstThePinnedFileOnly()
    {
        var text = Config.RenderConfig();

        Assert.That(text, Does.Contain("  StrictHostKeyChecking yes\n"));
        Assert.That(text, Does.Contain("  UserKnownHostsFile \"/tmp/slipway-ssh-0a1b2c/known_hosts\"\n"));
        Assert.That(text, Does.Contain("  GlobalKnownHostsFile /dev/null\n"));
        Assert.That(text, Does.Contain("  UpdateHostKeys no\n"));
        Assert.That(text, Does.Contain("  BatchMode yes\n"));
        Assert.That(text, Does.Not.Contain("StrictHostKeyChecking no").And.Not.Contain("accept-new"));
    }

    [Test]
    public void OnlyTheDeployKey_IsOffered_FromTheAgent()
    {
        var text = Config.RenderConfig();

        Assert.That(text, Does.Contain("  IdentitiesOnly yes\n"));
        Assert.That(text, Does.Contain("  IdentityFile \"/tmp/slipway-ssh-0a1b2c/identity.pub\"\n"));
        Assert.That(text, Does.Contain("  IdentityAgent \"/tmp/slipway-ssh-0a1b2c/agent.sock\"\n"));
        Assert.That(text, Does.Contain("  ForwardAgent no\n"));
    }

    [Test]
    public void ConnectionReuse_SharesOneConnectionPerHost_InThePrivateDirectory()
    {
        Assert.That(Config.RenderConfig(), Does.Contain("  ControlMaster auto\n  ControlPath \"/tmp/slipway-ssh-0a1b2c/cm-%C\"\n  ControlPersist 120s\n"));
        Assert.That(
            (Config with { ConnectionReuse = false }).RenderConfig(),
            Does.Contain("  ControlMaster no\n  ControlPath none\n").And.Not.Contain("ControlPersist"));
    }

    [Test]
    public void TheWrapper_ExecsTheRealSshWithTheConfig()
    {
        Assert.That(
            Config.RenderWrapper(),
            Does.StartWith("#!/bin/sh\n").And.EndWith("\nexec '/usr/bin/ssh' -F '/tmp/slipway-ssh-0a1b2c/ssh_config' \"$@\"\n"));
        Assert.That(Config.Wrapper, Is.EqualTo("/tmp/slipway-ssh-0a1b2c/bin/ssh"));
    }
}
