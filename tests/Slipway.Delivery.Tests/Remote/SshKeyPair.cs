using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Tests.Remote;

/// <summary>An ed25519 key pair made by the real <c>ssh-keygen</c>, for a test's client or a stand-in host key.</summary>
/// <param name="PrivateKey">The private key's text (what DEPLOY_SSH_KEY holds).</param>
/// <param name="PublicKey">The public key line: <c>ssh-ed25519 AAAA… comment</c>.</param>
internal sealed record SshKeyPair(string PrivateKey, string PublicKey)
{
    /// <summary>The key type and base64 of the public key, without the comment (a known_hosts line's tail).</summary>
    public string PublicKeyWithoutComment => string.Join(' ', PublicKey.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(2));

    /// <summary>Generates a pair in <paramref name="directory"/> as <c>name</c> and <c>name.pub</c>.</summary>
    public static async Task<SshKeyPair> GenerateAsync(string directory, string name, string comment)
    {
        var file = Path.Combine(directory, name);
        (await ToolRunner.RunAsync(
            new ToolInvocation("ssh-keygen", "-q", "-t", "ed25519", "-N", string.Empty, "-C", comment, "-f", file) { LogOutput = false }))
            .EnsureSuccess();
        return new SshKeyPair(await File.ReadAllTextAsync(file), (await File.ReadAllTextAsync(file + ".pub")).Trim());
    }

    // A record prints its members; a test log must not show a private key, even a throwaway one.
    public override string ToString() => $"SshKeyPair {{ PublicKey = {PublicKey} }}";
}
