using System.Text;
using System.Text.RegularExpressions;
using Slipway.Engine.IO;

namespace Slipway.Engine.Caching;

/// <summary>
/// Files under the root matched by glob patterns (<c>src/**/*.cs</c>, <c>global.json</c>, a folder for everything in
/// it, <c>!pattern</c> to exclude), as sorted root-relative paths with forward slashes, so two clones agree. Order
/// matters, as in GitHub Actions' <c>paths</c> filters and .gitignore: the last pattern that matches a file decides,
/// so <c>["**", "!tests/**", "tests/Api.Tests/"]</c> is everything outside tests/ plus that one project. Tool
/// state (.git/, node_modules/, .nuke/temp/) is never matched, and neither is build output (bin/, obj/) among inputs:
/// it changes with every build and would make every key new. Outputs may be build output.
/// </summary>
internal static class FileGlob
{
    private static readonly HashSet<string> ToolState = new(StringComparer.Ordinal) { ".git", "node_modules" };
    private static readonly HashSet<string> BuildOutput = new(StringComparer.Ordinal) { "bin", "obj" };

    // A glob's regex cannot backtrack much (no nested quantifiers), but a file path is outside input: bounded all the same.
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    public static IReadOnlyList<string> Match(AbsolutePath root, IEnumerable<string> patterns, bool includeBuildOutput = false)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(patterns);
        var all = patterns.Select(Normalize).Select(p => p.StartsWith('!') ? (Include: false, Glob: p[1..]) : (Include: true, Glob: p))
            .Select(p => (p.Include, p.Glob, Regex: ToRegex(p.Glob))).ToList();
        var matched = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var include in all.Where(p => p.Include))
        {
            // The last pattern that matches decides (a file no pattern matches is out: the default's Include is false).
            matched.UnionWith(Candidates(root, include.Glob, includeBuildOutput)
                .Where(file => !matched.Contains(file) && all.LastOrDefault(p => p.Regex.IsMatch(file)).Include));
        }

        return [.. matched];
    }

    /// <summary>A pattern without wildcards that names a folder means everything in it.</summary>
    private static string Normalize(string pattern)
    {
        var trimmed = pattern.Replace('\\', '/').Trim();
        while (trimmed.StartsWith("./", StringComparison.Ordinal))
        {
            trimmed = trimmed[2..];
        }

        return trimmed.EndsWith('/') ? trimmed + "**" : trimmed;
    }

    private static IEnumerable<string> Candidates(AbsolutePath root, string pattern, bool includeBuildOutput)
    {
        var segments = pattern.Split('/');
        var literal = segments.TakeWhile(s => s.IndexOfAny(['*', '?']) < 0).ToList();
        var baseRelative = string.Join('/', literal);
        var basePath = baseRelative.Length == 0 ? root : root / baseRelative;
        if (literal.Count == segments.Length && basePath.FileExists)
        {
            return [baseRelative];
        }

        // Without "**" a pattern reaches a fixed depth below its literal part ("*.slnx": the root's own files only).
        var depth = pattern.Contains("**", StringComparison.Ordinal) ? int.MaxValue : segments.Length - literal.Count - 1;
        return basePath.DirectoryExists ? Walk(root, basePath, includeBuildOutput, depth) : [];
    }

    private static IEnumerable<string> Walk(AbsolutePath root, string directory, bool includeBuildOutput, int depth)
    {
        var pending = new Stack<(string Path, int Depth)>([(directory, 0)]);
        while (pending.TryPop(out var entry))
        {
            var current = entry.Path;
            foreach (var file in Directory.EnumerateFiles(current))
            {
                yield return Path.GetRelativePath(root, file).Replace('\\', '/');
            }

            foreach (var child in Directory.EnumerateDirectories(current))
            {
                var relative = Path.GetRelativePath(root, child).Replace('\\', '/');
                var name = Path.GetFileName(child);
                if (entry.Depth < depth && !ToolState.Contains(name) && (includeBuildOutput || !BuildOutput.Contains(name)) && relative != ".nuke/temp")
                {
                    pending.Push((child, entry.Depth + 1));
                }
            }
        }
    }

    internal static Regex ToRegex(string pattern)
    {
        var normalized = Normalize(pattern);
        if (normalized.IndexOfAny(['*', '?']) < 0)
        {
            // A plain path is that file, or everything under that folder.
            return new Regex("^" + Regex.Escape(normalized) + "(/.*)?$", RegexOptions.CultureInvariant, MatchTimeout);
        }

        var regex = new StringBuilder("^");
        for (var i = 0; i < normalized.Length; i++)
        {
            var c = normalized[i];
            if (c == '*' && i + 1 < normalized.Length && normalized[i + 1] == '*')
            {
                var slash = i + 2 < normalized.Length && normalized[i + 2] == '/';
                regex.Append(slash ? "(.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else
            {
                regex.Append(c switch
                {
                    '*' => "[^/]*",
                    '?' => "[^/]",
                    _ => Regex.Escape(c.ToString()),
                });
            }
        }

        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant, MatchTimeout);
    }
}
