namespace Slipway.Engine.Planning;

/// <summary>Orders candidate names by edit distance to what the user typed, for "did you mean" messages.</summary>
public static class ClosestMatch
{
    public static IReadOnlyList<string> Order(string typed, IEnumerable<string> candidates, Func<string, string>? normalize = null)
    {
        normalize ??= s => s.ToUpperInvariant();
        var key = normalize(typed);
        return [.. candidates.OrderBy(c => Distance(key, normalize(c))).ThenBy(c => c, StringComparer.Ordinal)];
    }

    public static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
