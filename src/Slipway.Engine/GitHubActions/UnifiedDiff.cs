using System.Text;

namespace Slipway.Engine.GitHubActions;

/// <summary>
/// A unified diff of two texts, line by line (longest common subsequence), with three lines of context per hunk: what
/// the drift check prints. Workflow files are a few hundred lines, so the quadratic table is small.
/// </summary>
internal static class UnifiedDiff
{
    private const int Context = 3;

    public static string Render(string oldText, string newText, string oldLabel, string newLabel)
    {
        ArgumentNullException.ThrowIfNull(oldText);
        ArgumentNullException.ThrowIfNull(newText);
        var a = Lines(oldText);
        var b = Lines(newText);
        var edits = Edits(a, b);
        if (edits.All(e => e.Kind == ' '))
        {
            return string.Empty;
        }

        var output = new StringBuilder();
        output.Append("--- ").Append(oldLabel).Append('\n');
        output.Append("+++ ").Append(newLabel).Append('\n');
        var changed = edits.Select((e, i) => (e, i)).Where(x => x.e.Kind != ' ').Select(x => x.i).ToList();
        var start = 0;
        while (start < changed.Count)
        {
            // A hunk spans changes whose context overlaps.
            var end = start;
            while (end + 1 < changed.Count && changed[end + 1] - changed[end] <= 2 * Context + 1)
            {
                end++;
            }

            var from = Math.Max(0, changed[start] - Context);
            var to = Math.Min(edits.Count - 1, changed[end] + Context);
            var hunk = edits.GetRange(from, to - from + 1);
            var oldStart = edits.Take(from).Count(e => e.Kind != '+') + 1;
            var newStart = edits.Take(from).Count(e => e.Kind != '-') + 1;
            var oldCount = hunk.Count(e => e.Kind != '+');
            var newCount = hunk.Count(e => e.Kind != '-');
            output.Append($"@@ -{Range(oldStart, oldCount)} +{Range(newStart, newCount)} @@\n");
            foreach (var edit in hunk)
            {
                output.Append(edit.Kind).Append(edit.Line).Append('\n');
            }

            start = end + 1;
        }

        return output.ToString();
    }

    private static string Range(int start, int count) => count == 0 ? $"{start - 1},0" : count == 1 ? $"{start}" : $"{start},{count}";

    private static string[] Lines(string text)
    {
        var normalized = text.ReplaceLineEndings("\n");
        if (normalized.EndsWith('\n'))
        {
            normalized = normalized[..^1];
        }

        return normalized.Length == 0 ? [] : normalized.Split('\n');
    }

    private readonly record struct Edit(char Kind, string Line);

    private static List<Edit> Edits(string[] a, string[] b)
    {
        // lcs[i, j]: length of the longest common subsequence of a[i..] and b[j..].
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var edits = new List<Edit>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                edits.Add(new Edit(' ', a[x++]));
                y++;
            }
            else if (y < b.Length && (x == a.Length || lcs[x, y + 1] >= lcs[x + 1, y]))
            {
                edits.Add(new Edit('+', b[y++]));
            }
            else
            {
                edits.Add(new Edit('-', a[x++]));
            }
        }

        // Removals first within a run of changes, as diff(1) prints them.
        for (var k = 1; k < edits.Count; k++)
        {
            for (var m = k; m > 0 && edits[m].Kind == '-' && edits[m - 1].Kind == '+'; m--)
            {
                (edits[m], edits[m - 1]) = (edits[m - 1], edits[m]);
            }
        }

        return edits;
    }
}
