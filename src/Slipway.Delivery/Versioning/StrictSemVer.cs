using System.Globalization;
using NuGet.Versioning;

namespace Slipway.Delivery.Versioning;

/// <summary>
/// Strict SemVer 2.0 for release versions and release tags: exactly MAJOR.MINOR.PATCH, no <c>v</c> prefix, no leading
/// zeros, an optional pre-release, no build metadata (SemVer ignores metadata when ordering, so two releases could not be
/// told apart). Each rejection says what is wrong and what to write instead. Comparison is NuGet.Versioning's.
/// </summary>
internal static class StrictSemVer
{
    public static SemanticVersion Parse(string text) =>
        TryParse(text, out var version, out var error) ? version : throw new FormatException(error);

    public static bool TryParse(string? text, out SemanticVersion version, out string error)
    {
        version = new SemanticVersion(0, 0, 0);
        error = Diagnose(text ?? string.Empty, out var parsed) ?? string.Empty;
        if (parsed is null)
        {
            return false;
        }

        version = parsed;
        return true;
    }

    /// <summary>Orders by SemVer 2.0 precedence (pre-releases before their release, metadata ignored).</summary>
    public static int Compare(SemanticVersion left, SemanticVersion right) => VersionComparer.VersionRelease.Compare(left, right);

    /// <summary>X.Y.Z without any pre-release label.</summary>
    public static SemanticVersion Core(SemanticVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return new SemanticVersion(version.Major, version.Minor, version.Patch);
    }

    private static string? Diagnose(string text, out SemanticVersion? version)
    {
        version = null;
        var example = "e.g. 1.4.0 or 1.4.0-rc.1";
        if (text.Length == 0)
        {
            return $"No version given: pass MAJOR.MINOR.PATCH, {example}.";
        }

        if (text.Trim() != text)
        {
            return $"'{text}' has surrounding spaces: pass '{text.Trim()}'.";
        }

        if (text[0] is 'v' or 'V')
        {
            return $"'{text}' has a '{text[0]}' prefix: pass '{text[1..]}' (the tag prefix is added for you).";
        }

        var plus = text.IndexOf('+', StringComparison.Ordinal);
        if (plus >= 0)
        {
            return $"'{text}' has build metadata ('{text[plus..]}'): SemVer ignores it when ordering versions, so releases " +
                   $"could not be told apart. Pass '{text[..plus]}'.";
        }

        var dash = text.IndexOf('-', StringComparison.Ordinal);
        var core = dash < 0 ? text : text[..dash];
        var preRelease = dash < 0 ? null : text[(dash + 1)..];

        var parts = core.Split('.');
        if (parts.Length != 3)
        {
            return parts.Length > 3
                ? $"'{text}' has {parts.Length} numbers; SemVer has exactly three, MAJOR.MINOR.PATCH: pass '{string.Join('.', parts.Take(3))}{(preRelease is null ? string.Empty : "-" + preRelease)}'."
                : $"'{text}' must have exactly three numbers, MAJOR.MINOR.PATCH, {example}.";
        }

        var numbers = new int[3];
        for (var i = 0; i < 3; i++)
        {
            var part = parts[i];
            if (part.Length == 0 || !part.All(char.IsAsciiDigit))
            {
                return $"'{text}' is not MAJOR.MINOR.PATCH with plain numbers ('{part}' is not a number), {example}.";
            }

            if (part.Length > 1 && part[0] == '0')
            {
                var fixedParts = parts.Select(p => p.TrimStart('0') is { Length: > 0 } t ? t : "0");
                return $"'{text}' has a leading zero in '{part}': SemVer forbids them. Pass '{string.Join('.', fixedParts)}{(preRelease is null ? string.Empty : "-" + preRelease)}'.";
            }

            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]))
            {
                return $"'{text}': '{part}' is too large.";
            }
        }

        string[] labels = [];
        if (preRelease is not null)
        {
            labels = preRelease.Split('.');
            foreach (var label in labels)
            {
                var problem = label.Length == 0 ? "an empty identifier"
                    : !label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') ? $"'{label}' has characters other than [0-9A-Za-z-]"
                    : label.Length > 1 && label[0] == '0' && label.All(char.IsAsciiDigit) ? $"'{label}' is a number with a leading zero"
                    : null;
                if (problem is not null)
                {
                    return $"'{text}' has an invalid pre-release: {problem}. Pre-releases are dot-separated identifiers such as 'rc.1' or 'beta.2'.";
                }
            }
        }

        version = new SemanticVersion(numbers[0], numbers[1], numbers[2], labels, metadata: null);
        return null;
    }
}
