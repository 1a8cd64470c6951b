namespace Slipway.Engine.Logging;

/// <summary>
/// The one place that knows which strings are secret. Every output path of the engine (log sinks, the summary,
/// exception messages, tool command lines) passes text through <see cref="Mask"/> before it leaves the process.
/// Process-wide on purpose: a build is one process, and a secret registered by a parameter must be hidden in the
/// output of a tool started three components later.
/// </summary>
public static class SecretMasker
{
    public const string Mask = "***";

    private static readonly Lock Gate = new();
    private static string[] secrets = [];

    /// <summary>Raised once per newly registered secret, so hosts can forward it (GitHub's <c>::add-mask::</c>).</summary>
    public static event Action<string>? SecretRegistered;

    public static IReadOnlyList<string> Secrets => secrets;

    public static void Register(string? secret)
    {
        // Very short values would mask ordinary words and digits everywhere; GitHub has the same floor.
        if (string.IsNullOrEmpty(secret) || secret.Length < 3)
        {
            return;
        }

        lock (Gate)
        {
            if (secrets.Contains(secret, StringComparer.Ordinal))
            {
                return;
            }

            // Longest first, so a secret that contains another is replaced whole.
            secrets = [.. secrets.Append(secret).OrderByDescending(s => s.Length)];
        }

        SecretRegistered?.Invoke(secret);
    }

    /// <summary>
    /// Registers every value of a set that is secret as a whole, such as the variables a deploy hands to an app's
    /// containers: which of them hold a password is the app's business, so none may reach a log.
    /// </summary>
    public static void RegisterAll(IEnumerable<string?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var value in values)
        {
            Register(value);
        }
    }

    public static string Apply(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        var current = secrets;
        foreach (var secret in current)
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        return text;
    }
}
