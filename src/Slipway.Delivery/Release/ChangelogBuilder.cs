using System.Globalization;
using System.Text;
using Slipway.Delivery.Git;
using Slipway.Delivery.Versioning;

namespace Slipway.Delivery.Release;

/// <summary>
/// Release notes from commits, grouped by Conventional Commits type: breaking changes first, then features, fixes and
/// performance, everything else under "Other"; each line ends with the short SHA. Pure: commits in, Markdown out.
/// </summary>
internal static class ChangelogBuilder
{
    public const string Title = "# Changelog";

    /// <param name="version">The version being released.</param>
    /// <param name="date">The release date for the heading.</param>
    /// <param name="previousTag">The release the notes continue from, or null for the first release.</param>
    /// <param name="commits">Commits since <paramref name="previousTag"/>, newest first as git lists them.</param>
    /// <param name="olderLine">For a patch of an older line: the line and the newer release that stays the latest.</param>
    public static string Build(string version, DateOnly date, string? previousTag, IReadOnlyList<GitCommit> commits, (ReleaseLine Line, VersionTag Latest)? olderLine = null)
    {
        ArgumentNullException.ThrowIfNull(commits);
        var parsed = commits
            .Where(c => !c.IsMerge && !ReleaseConventions.IsAnyReleaseCommit(c))
            .Select(c => (Commit: c, Conventional: ConventionalCommit.Parse(c)))
            .ToList();

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"## {version} ({date:yyyy-MM-dd})\n\n");
        if (olderLine is var (line, latest))
        {
            text.Append(CultureInfo.InvariantCulture, $"Patches the {line} line; {latest.Name} stays the latest release.\n\n");
        }

        text.Append(previousTag is null ? "First release.\n" : $"Changes since {previousTag}.\n");

        Section(text, "Breaking changes", parsed.Where(p => p.Conventional.IsBreaking), breaking: true);
        Section(text, "Features", parsed.Where(p => !p.Conventional.IsBreaking && p.Conventional.Type == "feat"));
        Section(text, "Bug fixes", parsed.Where(p => !p.Conventional.IsBreaking && p.Conventional.Type == "fix"));
        Section(text, "Performance", parsed.Where(p => !p.Conventional.IsBreaking && p.Conventional.Type == "perf"));
        Section(text, "Other", parsed.Where(p => !p.Conventional.IsBreaking && p.Conventional.Type is not ("feat" or "fix" or "perf")), other: true);

        if (parsed.Count == 0)
        {
            text.Append("\nNo changes besides the release itself.\n");
        }

        return text.ToString();
    }

    /// <summary>Puts <paramref name="section"/> above the newest entry of an existing changelog (or starts one).</summary>
    public static string PrependTo(string? existing, string section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var entry = section.TrimEnd('\n') + "\n";
        if (string.IsNullOrWhiteSpace(existing))
        {
            return $"{Title}\n\n{entry}";
        }

        var normalized = existing.Replace("\r\n", "\n", StringComparison.Ordinal);
        var firstEntry = normalized.StartsWith("## ", StringComparison.Ordinal) ? 0 : normalized.IndexOf("\n## ", StringComparison.Ordinal) + 1;
        if (firstEntry > 0 || normalized.StartsWith("## ", StringComparison.Ordinal))
        {
            return normalized[..firstEntry] + entry + "\n" + normalized[firstEntry..];
        }

        return normalized.TrimEnd('\n') + "\n\n" + entry;
    }

    private static void Section(
        StringBuilder text,
        string heading,
        IEnumerable<(GitCommit Commit, ConventionalCommit Conventional)> entries,
        bool breaking = false,
        bool other = false)
    {
        var list = entries.ToList();
        if (list.Count == 0)
        {
            return;
        }

        text.Append(CultureInfo.InvariantCulture, $"\n### {heading}\n\n");
        foreach (var (commit, conventional) in list)
        {
            var description = other ? commit.Subject : conventional.Description;
            var scope = !other && conventional.Scope is not null ? $"**{conventional.Scope}:** " : string.Empty;
            var note = breaking && conventional.BreakingNote is not null ? $" — {conventional.BreakingNote}" : string.Empty;
            text.Append(CultureInfo.InvariantCulture, $"- {scope}{description}{note} ({commit.ShortSha})\n");
        }
    }
}
