using System.Globalization;

namespace Slipway.Delivery.Deploy;

/// <summary>
/// The loopback ports an environment's app containers may listen on (one per retained container). Ranges of two
/// environments on one host must not overlap, and should stay below Linux's ephemeral range (32768+), where outgoing
/// connections take their ports.
/// </summary>
public readonly record struct PortRange(int First, int Count)
{
    public int Last => First + Count - 1;

    public bool Contains(int port) => port >= First && port <= Last;

    public bool Overlaps(PortRange other) => First <= other.Last && other.First <= Last;

    public IEnumerable<int> Ports => Enumerable.Range(First, Count);

    /// <summary>Parses <c>28100-28199</c>.</summary>
    public static PortRange Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var first)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var last)
            || first < 1 || last > 65535 || last < first)
        {
            throw new FormatException($"'{text}' is not a port range: write first-last, e.g. 28100-28199.");
        }

        return new PortRange(first, last - first + 1);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{First}-{Last}");
}
