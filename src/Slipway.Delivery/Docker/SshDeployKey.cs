using System.Buffers.Binary;
using System.Text;
using Slipway.Engine;

namespace Slipway.Delivery.Docker;

/// <summary>
/// The private key of <c>DEPLOY_SSH_KEY</c>, checked before anything runs: a PEM-framed private key (OpenSSH's own
/// format, or the older PKCS#1/PKCS#8 ones), not protected by a passphrase (a CI runner has nobody to type it).
/// The text is normalised the way secrets get mangled in transit (CRLF from a Windows clipboard, a lost final newline,
/// surrounding blanks): ssh-add rejects a key without its final newline as "invalid format".
/// </summary>
internal sealed class SshDeployKey
{
    private const string OpenSshMagic = "openssh-key-v1\0";

    // Short lines (the padding tail of the base64 body) would mask ordinary words everywhere in the log.
    private const int ShortestMaskedLine = 16;

    private SshDeployKey(string text, IReadOnlyList<string> bodyLines)
    {
        Text = text;
        BodyLines = bodyLines;
    }

    /// <summary>The key as ssh-add reads it on standard input. Never log it, never put it in argv.</summary>
    public string Text { get; }

    /// <summary>The base64 lines long enough to mask one by one: tools and logs print line by line.</summary>
    public IReadOnlyList<string> BodyLines { get; }

    /// <summary>Parses the secret's value; throws <see cref="BuildFailedException"/> (bad input, exit 2) naming what is wrong, never the key.</summary>
    public static SshDeployKey Parse(string value, string source = "DEPLOY_SSH_KEY")
    {
        ArgumentNullException.ThrowIfNull(value);
        var lines = value.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n')
            .Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.Length > 0)
            .ToList();
        if (lines.Count == 0)
        {
            throw BuildFailedException.BadInput($"{source} is empty: it must hold a private key (the text of an id_ed25519 file).");
        }

        var begin = lines[0];
        if (!begin.StartsWith("-----BEGIN ", StringComparison.Ordinal) || !begin.EndsWith("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            throw BuildFailedException.BadInput(
                begin.StartsWith("ssh-", StringComparison.Ordinal) || begin.StartsWith("ecdsa-", StringComparison.Ordinal)
                    ? $"{source} holds a public key; it must hold the private key (the file without .pub), and the server the public one."
                    : $"{source} is not a private key: it must start with a line like '-----BEGIN OPENSSH PRIVATE KEY-----'.");
        }

        var label = begin["-----BEGIN ".Length..^"-----".Length];
        var end = $"-----END {label}-----";
        var endIndex = lines.IndexOf(end);
        if (endIndex < 0)
        {
            throw BuildFailedException.BadInput($"{source} is cut short: the line '{end}' is missing (was the secret pasted whole?).");
        }

        if (endIndex != lines.Count - 1)
        {
            throw BuildFailedException.BadInput($"{source} has text after '{end}': it must hold exactly one private key.");
        }

        var headers = lines.Skip(1).Take(endIndex - 1).Where(line => line.Contains(':', StringComparison.Ordinal)).ToList();
        var body = lines.Skip(1).Take(endIndex - 1).Where(line => !line.Contains(':', StringComparison.Ordinal)).ToList();
        if (label == "ENCRYPTED PRIVATE KEY" || headers.Any(h => h.StartsWith("Proc-Type:", StringComparison.Ordinal) && h.Contains("ENCRYPTED", StringComparison.Ordinal)))
        {
            throw PassphraseProtected(source);
        }

        byte[] decoded;
        try
        {
            decoded = Convert.FromBase64String(string.Concat(body));
        }
        catch (FormatException)
        {
            throw BuildFailedException.BadInput($"{source} is damaged: the text between the BEGIN and END lines is not base64.");
        }

        if (label == "OPENSSH PRIVATE KEY" && OpenSshCipher(decoded, source) != "none")
        {
            throw PassphraseProtected(source);
        }

        var text = string.Join('\n', lines) + "\n";
        return new SshDeployKey(text, [.. body.Where(line => line.Length >= ShortestMaskedLine)]);
    }

    public override string ToString() => "***";

    // openssh-key-v1: the magic, then a length-prefixed cipher name ("none" when the key has no passphrase).
    private static string OpenSshCipher(byte[] decoded, string source)
    {
        var magic = Encoding.ASCII.GetBytes(OpenSshMagic);
        if (decoded.Length < magic.Length + 4 || !decoded.AsSpan(0, magic.Length).SequenceEqual(magic))
        {
            throw BuildFailedException.BadInput($"{source} is damaged: it is framed as an OpenSSH private key but does not decode as one.");
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(decoded.AsSpan(magic.Length, 4));
        if (length > 64 || magic.Length + 4 + length > decoded.Length)
        {
            throw BuildFailedException.BadInput($"{source} is damaged: it is framed as an OpenSSH private key but does not decode as one.");
        }

        return Encoding.ASCII.GetString(decoded, magic.Length + 4, (int)length);
    }

    private static BuildFailedException PassphraseProtected(string source) =>
        BuildFailedException.BadInput(
            $"{source} is protected by a passphrase, which nobody can type on a CI runner. Use a deploy key without one "
            + "(ssh-keygen -t ed25519 -N '' -f deploy_key) and keep it only in the secret store.");
}
