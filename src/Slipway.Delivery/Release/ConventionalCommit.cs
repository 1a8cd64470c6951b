using System.Text.RegularExpressions;
using Slipway.Delivery.Git;

namespace Slipway.Delivery.Release;

/// <summary>
/// A commit message read as a Conventional Commit (<c>type(scope)!: description</c> plus an optional
/// <c>BREAKING CHANGE:</c> footer). Messages that do not follow the convention have a null <see cref="Type"/>.
/// </summary>
internal sealed partial record ConventionalCommit(string? Type, string? Scope, string Description, bool IsBreaking, string? BreakingNote)
{
    public static ConventionalCommit Parse(GitCommit commit)
    {
        ArgumentNullException.ThrowIfNull(commit);
        var footer = BreakingFooter().Match(commit.Body);
        var note = footer.Success ? footer.Groups[1].Value.Trim() : null;
        var header = Header().Match(commit.Subject);
        if (!header.Success)
        {
            return new ConventionalCommit(null, null, commit.Subject, footer.Success, note);
        }

        var scope = header.Groups["scope"].Success && header.Groups["scope"].Value.Trim().Length > 0 ? header.Groups["scope"].Value.Trim() : null;
        return new ConventionalCommit(
            header.Groups["type"].Value.ToLowerInvariant(),
            scope,
            header.Groups["description"].Value.Trim(),
            header.Groups["bang"].Success || footer.Success,
            note);
    }

    [GeneratedRegex(@"^(?<type>[A-Za-z]+)(?:\((?<scope>[^()]*)\))?(?<bang>!)?:\s+(?<description>\S.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Header();

    [GeneratedRegex(@"^BREAKING[ -]CHANGE:\s*(.+)$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex BreakingFooter();
}
