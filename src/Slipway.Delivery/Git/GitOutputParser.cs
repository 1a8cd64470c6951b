using System.Globalization;
using System.Text.RegularExpressions;

namespace Slipway.Delivery.Git;

/// <summary>Turns the output of the queries in <see cref="GitCommands"/> into records. Pure, so it is tested on strings.</summary>
internal static partial class GitOutputParser
{
    public static IReadOnlyList<GitTagRef> ParseTags(string output)
    {
        const string refsTags = "refs/tags/";
        var tags = new List<GitTagRef>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split('\t');
            if (fields.Length < 2 || !fields[0].StartsWith(refsTags, StringComparison.Ordinal))
            {
                continue;
            }

            var peeled = fields.Length > 2 && fields[2].Length > 0 ? fields[2] : fields[1];
            tags.Add(new GitTagRef(fields[0][refsTags.Length..], fields[1], peeled));
        }

        return tags;
    }

    public static IReadOnlyList<GitCommit> ParseLog(string output)
    {
        var commits = new List<GitCommit>();
        foreach (var record in output.Split(GitCommands.RecordSeparator))
        {
            var trimmed = record.TrimStart('\n', '\r', ' ');
            if (trimmed.Length == 0)
            {
                continue;
            }

            var fields = trimmed.Split(GitCommands.FieldSeparator, 4);
            if (fields.Length < 4)
            {
                throw new FormatException($"Unexpected git log record: '{trimmed}'.");
            }

            var parents = fields[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var time = DateTimeOffset.FromUnixTimeSeconds(long.Parse(fields[2], CultureInfo.InvariantCulture));
            commits.Add(new GitCommit(fields[0].Trim(), parents, time, fields[3].Replace("\r\n", "\n", StringComparison.Ordinal).Trim()));
        }

        return commits;
    }

    /// <summary>
    /// Insertions plus deletions of <c>git diff --shortstat</c> (" 3 files changed, 10 insertions(+), 2 deletions(-)"),
    /// 0 for no output (no change).
    /// </summary>
    public static int ParseShortStat(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        return ShortStatCount().Matches(output).Sum(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Parses <c>git ls-remote</c> output. For an annotated tag the remote lists the tag object under its name and the
    /// peeled commit under <c>name^{}</c>; both are kept so callers can compare either.
    /// </summary>
    public static IReadOnlyList<GitRemoteRef> ParseLsRemote(string output)
    {
        var refs = new List<GitRemoteRef>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split('\t');
            if (fields.Length == 2)
            {
                refs.Add(new GitRemoteRef(fields[1], fields[0]));
            }
        }

        return refs;
    }

    [GeneratedRegex(@"(\d+) (?:insertions?\(\+\)|deletions?\(-\))", RegexOptions.CultureInvariant)]
    private static partial Regex ShortStatCount();
}
