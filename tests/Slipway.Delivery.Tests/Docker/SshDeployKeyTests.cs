using Slipway.Delivery.Docker;
using Slipway.Delivery.Tests.Remote;
using Slipway.Engine;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Tests.Docker;

/// <summary>Keys made by the real ssh-keygen at test time: a private key, even a throwaway one, is not committed.</summary>
public class SshDeployKeyTests
{
    private string directory = null!;

    [SetUp]
    public void CreateDirectory() => directory = Directory.CreateTempSubdirectory("slipway-sshkey-test-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(directory, recursive: true);

    [Test]
    public async Task AnOpenSshKey_IsAccepted_AndNormalisedTheWaySecretStoresMangleIt()
    {
        var pair = await SshKeyPair.GenerateAsync(directory, "id", "test");
        var mangled = "  \r\n" + pair.PrivateKey.Trim().Replace("\n", "\r\n", StringComparison.Ordinal) + "  ";

        var key = SshDeployKey.Parse(mangled);

        Assert.That(key.Text, Is.EqualTo(pair.PrivateKey));
        Assert.That(key.Text, Does.EndWith("-----END OPENSSH PRIVATE KEY-----\n"));
        Assert.That(key.BodyLines, Is.Not.Empty.And.All.Length.GreaterThanOrEqualTo(16));
        Assert.That(key.ToString(), Is.EqualTo("***"));
    }

    [Test]
    public async Task APemKey_IsAccepted()
    {
        var file = Path.Combine(directory, "pem");
        (await ToolRunner.RunAsync(new ToolInvocation("ssh-keygen", "-q", "-t", "ecdsa", "-m", "PEM", "-N", string.Empty, "-f", file) { LogOutput = false })).EnsureSuccess();

        var key = SshDeployKey.Parse(await File.ReadAllTextAsync(file));

        Assert.That(key.Text, Does.StartWith("-----BEGIN EC PRIVATE KEY-----"));
    }

    [Test]
    public async Task AKeyWithAPassphrase_IsBadInput_SayingWhy()
    {
        var file = Path.Combine(directory, "locked");
        (await ToolRunner.RunAsync(new ToolInvocation("ssh-keygen", "-q", "-t", "ed25519", "-N", "correct horse", "-f", file) { LogOutput = false })).EnsureSuccess();

        var error = Assert.Throws<BuildFailedException>(() => SshDeployKey.Parse(File.ReadAllText(file)));

        Assert.That(error!.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
        Assert.That(error.Message, Does.Contain("passphrase"));
    }

    [Test]
    public async Task APublicKey_IsBadInput_NamingTheMixUp()
    {
        var pair = await SshKeyPair.GenerateAsync(directory, "id", "test");

        var error = Assert.Throws<BuildFailedException>(() => SshDeployKey.Parse(pair.PublicKey));

        Assert.That(error!.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
        Assert.That(error.Message, Does.Contain("public key"));
    }

    [Test]
    public async Task ACutKey_IsBadInput_WithoutEchoingIt()
    {
        var pair = await SshKeyPair.GenerateAsync(directory, "id", "test");
        var cut = string.Join('\n', pair.PrivateKey.Split('\n')[..3]);

        var error = Assert.Throws<BuildFailedException>(() => SshDeployKey.Parse(cut));

        Assert.That(error!.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
        Assert.That(error.Message, Does.Contain("-----END OPENSSH PRIVATE KEY-----"));
        Assert.That(error.Message, Does.Not.Contain(pair.PrivateKey.Split('\n')[1]));
    }

    [TestCase("")]
    [TestCase("   \n ")]
    [TestCase("not a key")]
    [TestCase("-----BEGIN OPENSSH PRIVATE KEY-----\n!!!!\n-----END OPENSSH PRIVATE KEY-----\n")]
    [TestCase("-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n")]
    public void TextThatIsNoKey_IsBadInput(string text)
    {
        var error = Assert.Throws<BuildFailedException>(() => SshDeployKey.Parse(text));

        Assert.That(error!.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
        Assert.That(error.Message, Does.StartWith("DEPLOY_SSH_KEY"));
    }
}
