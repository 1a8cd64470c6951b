using System.Text.RegularExpressions;

namespace Slipway.Delivery.Image;

/// <summary>
/// The OCI distribution spec's tag grammar, <c>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}</c>, and how arbitrary text (a branch
/// name, a SemVer with build metadata) is made to fit it.
/// </summary>
internal static partial class OciTag
{
    public const int MaxLength = 128;

    public static bool IsValid(string? tag) => tag is not null && TagPattern().IsMatch(tag);

    /// <summary>
    /// Each run of characters a tag cannot hold becomes one <c>-</c> (<c>feature/Add Login</c> → <c>feature-Add-Login</c>),
    /// leading <c>.</c> and <c>-</c> are dropped, and the result is cut to 128 characters; null when nothing is left.
    /// Case is kept: tags are case-sensitive, unlike repository names.
    /// </summary>
    public static string? Sanitize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var tag = IllegalRun().Replace(text.Trim(), "-").TrimStart('.', '-');
        if (tag.Length > MaxLength)
        {
            tag = tag[..MaxLength];
        }

        return tag.Length == 0 ? null : tag;
    }

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex TagPattern();

    [GeneratedRegex("[^A-Za-z0-9_.-]+")]
    private static partial Regex IllegalRun();
}
