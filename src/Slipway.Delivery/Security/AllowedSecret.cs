using System.Text.RegularExpressions;

namespace Slipway.Delivery.Security;

/// <summary>
/// A place where a credential-looking value is allowed: a path glob (<c>**</c> any folders, <c>*</c> within a name),
/// optionally one rule and one line, and the reason.
/// </summary>
internal sealed record AllowedSecret(string PathGlob, string? Rule, int? Line, string Reason)
{
    public bool Covers(SecretFinding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return (Rule is null || string.Equals(Rule, finding.Rule, StringComparison.Ordinal))
            && (Line is null || Line == finding.Line)
            && GlobPattern(PathGlob).IsMatch(finding.Path);
    }

    public static Regex GlobPattern(string glob)
    {
        ArgumentNullException.ThrowIfNull(glob);
        var pattern = Regex.Escape(glob.Replace('\\', '/'))
            .Replace(@"\*\*/", "(?:.*/)?", StringComparison.Ordinal)
            .Replace(@"\*\*", ".*", StringComparison.Ordinal)
            .Replace(@"\*", "[^/]*", StringComparison.Ordinal)
            .Replace(@"\?", "[^/]", StringComparison.Ordinal);
        return new Regex("^" + pattern + "$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}
