using Slipway.Delivery.Docker;
using Slipway.Engine;

namespace Slipway.Delivery.Tests.Docker;

public class SshFailureDiagnosisTests
{
    private static readonly SshEndpoint Endpoint = new("root", "10.0.0.5", 2222);

    private static readonly SshHostKeyOffer Offer = new(
        "[10.0.0.5]:2222 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDk2sH3bq3bV", "SHA256:BALLZRcYV+XG6BLxiusa9qUEjXW89EJuKAL4JtjH5DA", "ED25519");

    [Test]
    public void AnUnknownHostKey_IsExit2_WithHostFingerprintAndTheLineToPin()
    {
        var failure = new SshFailure(SshFailureKind.UnknownHostKey, "[10.0.0.5]:2222", "ED25519", null, "No ED25519 host key is known for [10.0.0.5]:2222");

        var error = SshFailureDiagnosis.Explain(Endpoint, failure, Offer, pinnedByVariable: true);

        Assert.That(error.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
        Assert.That(error.Message, Does.Contain("The SSH host key of [10.0.0.5]:2222 is not pinned: DEPLOY_KNOWN_HOSTS has no ED25519 key for it."));
        Assert.That(error.Message, Does.Contain("It offers the ED25519 key SHA256:BALLZRcYV+XG6BLxiusa9qUEjXW89EJuKAL4JtjH5DA."));
        Assert.That(error.Message, Does.Contain("ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub"));
        Assert.That(error.Message, Does.EndWith("Then pin it: add this line to DEPLOY_KNOWN_HOSTS:\n  " + Offer.KnownHostsLine));
    }

    [Test]
    public void AChangedHostKey_IsExit2_SaysChanged_AndWhatToReplace()
    {
        var failure = new SshFailure(SshFailureKind.ChangedHostKey, "[10.0.0.5]:2222", "ED25519", "SHA256:fromssh", "Host key for [10.0.0.5]:2222 has changed");

        var error = SshFailureDiagnosis.Explain(Endpoint, failure, Offer, pinnedByVariable: true);

        Assert.That(error.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
        Assert.That(error.Message, Does.Contain("[10.0.0.5]:2222 has CHANGED").And.Contain("man-in-the-middle"));
        Assert.That(error.Message, Does.Contain(Offer.Fingerprint));
        Assert.That(error.Message, Does.Contain("replace the line for [10.0.0.5]:2222 in DEPLOY_KNOWN_HOSTS with:"));
        Assert.That(error.Message, Does.Contain(Offer.KnownHostsLine));
    }

    [Test]
    public void WithoutAScan_AChangeStillNamesTheFingerprintSshPrinted()
    {
        var failure = new SshFailure(SshFailureKind.ChangedHostKey, "[10.0.0.5]:2222", "ED25519", "SHA256:fromssh", "changed");

        var error = SshFailureDiagnosis.Explain(Endpoint, failure, offer: null, pinnedByVariable: false);

        Assert.That(error.Message, Does.Contain("SHA256:fromssh").And.Contain("<the line ssh-keyscan -p 2222 10.0.0.5 prints>"));
        Assert.That(error.Message, Does.Contain("~/.ssh/known_hosts"));
    }

    [Test]
    public void ARefusedKey_IsExit2_NamingUserAtHost_AndTheKeyOffered()
    {
        var failure = new SshFailure(SshFailureKind.KeyRefused, "root@10.0.0.5", null, null, "root@10.0.0.5: Permission denied (publickey).");

        var error = SshFailureDiagnosis.Explain(Endpoint, failure, offer: null, pinnedByVariable: true, offeredKeyFingerprint: "SHA256:deploykey");

        Assert.That(error.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
        Assert.That(error.Message, Does.Contain("The SSH server root@10.0.0.5:2222 refused the key for root@10.0.0.5"));
        Assert.That(error.Message, Does.Contain("the one in DEPLOY_SSH_KEY (SHA256:deploykey)"));
        Assert.That(error.Message, Does.Contain("~root/.ssh/authorized_keys"));
    }

    [Test]
    public void AnUnreachableHost_IsAnOrdinaryFailure()
    {
        var failure = new SshFailure(SshFailureKind.Unreachable, "10.0.0.5", null, null, "ssh: connect to host 10.0.0.5 port 2222: Connection refused");

        var error = SshFailureDiagnosis.Explain(Endpoint, failure, offer: null, pinnedByVariable: true);

        Assert.That(error.ExitCode, Is.EqualTo(ExitCodes.TargetFailed));
        Assert.That(error.Message, Does.Contain("Could not reach the SSH server root@10.0.0.5:2222"));
    }
}
