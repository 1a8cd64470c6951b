namespace Slipway.Delivery.Security;

/// <summary>Finds credentials in text, line by line, without keeping them.</summary>
internal static class SecretScanner
{
    private static readonly string[] PlaceholderStarts = ["$", "{", "<", "%", "*", "("];

    private static readonly string[] PlaceholderWords = ["password", "passwd", "changeme", "change-me", "example", "placeholder", "secret", "redacted", "xxx"];

    public static IReadOnlyList<SecretFinding> Scan(string path, string text, IReadOnlyList<SecretRule>? rules = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        rules ??= SecretRules.All;
        var findings = new List<SecretFinding>();
        var lineNumber = 0;
        foreach (var line in text.Split('\n'))
        {
            lineNumber++;
            foreach (var rule in rules)
            {
                foreach (System.Text.RegularExpressions.Match match in rule.Pattern.Matches(line))
                {
                    var value = match.Groups["value"];
                    if (value.Success && IsPlaceholder(value.Value))
                    {
                        continue;
                    }

                    findings.Add(new SecretFinding(path, lineNumber, rule.Id, rule.Description));
                    break;
                }
            }
        }

        return findings;
    }

    /// <summary>Values that stand for a secret rather than being one: <c>${DB_PASSWORD}</c>, <c>&lt;your-password&gt;</c>, <c>***</c>.</summary>
    public static bool IsPlaceholder(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var trimmed = value.Trim().Trim('"', '\'');
        return trimmed.Length == 0
            || PlaceholderStarts.Any(p => trimmed.StartsWith(p, StringComparison.Ordinal))
            || PlaceholderWords.Any(w => trimmed.Equals(w, StringComparison.OrdinalIgnoreCase))
            || trimmed.All(c => c == trimmed[0]);
    }
}
