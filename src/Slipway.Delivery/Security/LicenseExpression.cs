using System.Text.RegularExpressions;

namespace Slipway.Delivery.Security;

/// <summary>
/// Decides whether an SPDX license expression is denied: <c>A OR B</c> is denied only when both are (the user may
/// pick either), <c>A AND B</c> when either is, <c>A WITH exception</c> when A is. Deny patterns are globs on license
/// ids (<c>GPL-*</c> matches GPL-3.0-only, not LGPL-2.1).
/// </summary>
internal sealed class LicenseExpression
{
    private readonly List<string> tokens;
    private readonly IReadOnlyList<Regex> deny;
    private int position;

    private LicenseExpression(string expression, IReadOnlyList<string> denyPatterns)
    {
        tokens = [.. expression.Replace("(", " ( ", StringComparison.Ordinal).Replace(")", " ) ", StringComparison.Ordinal)
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)];
        deny = [.. denyPatterns.Select(p => AllowedSecret.GlobPattern(p.Trim()))];
    }

    /// <summary>The denied license ids that decide the outcome, or none when the expression is allowed.</summary>
    public static IReadOnlyList<string> DeniedLicenses(string expression, IReadOnlyList<string> denyPatterns)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(denyPatterns);
        var parser = new LicenseExpression(expression, denyPatterns);
        var denied = parser.ParseOr();
        return denied ?? [];
    }

    // Each Parse returns null when allowed, or the denied ids that make it denied.
    private List<string>? ParseOr()
    {
        var denied = ParseAnd();
        while (Peek("OR"))
        {
            position++;
            var right = ParseAnd();
            denied = denied is null || right is null ? null : [.. denied, .. right];
        }

        return denied;
    }

    private List<string>? ParseAnd()
    {
        var denied = ParseWith();
        while (Peek("AND"))
        {
            position++;
            var right = ParseWith();
            denied = denied is null && right is null ? null : [.. denied ?? [], .. right ?? []];
        }

        return denied;
    }

    private List<string>? ParseWith()
    {
        var denied = ParseAtom();
        if (Peek("WITH"))
        {
            position += 2;
        }

        return denied;
    }

    private List<string>? ParseAtom()
    {
        if (position >= tokens.Count)
        {
            return null;
        }

        var token = tokens[position++];
        if (token == "(")
        {
            var inner = ParseOr();
            if (Peek(")"))
            {
                position++;
            }

            return inner;
        }

        var id = token.TrimEnd('+');
        return deny.Any(d => d.IsMatch(id) || d.IsMatch(token)) ? [token] : null;
    }

    private bool Peek(string keyword) =>
        position < tokens.Count && string.Equals(tokens[position], keyword, StringComparison.OrdinalIgnoreCase);
}
