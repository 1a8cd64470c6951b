using System.Globalization;
using System.Text.RegularExpressions;

namespace Slipway.Delivery.Deploy;

/// <summary>
/// Reads HAProxy's <c>option httplog</c> lines as <c>docker logs --timestamps</c> prints them:
/// <c>2026-11-21T21:48:09.692123456Z 127.0.0.1:49900 [21/Nov/2026:21:48:09.692] public app/blue 0/0/0/12/12 200 73 …</c>.
/// The fourth timer (<c>Tr</c>) is the server's response time — the latency the bake judges; HAProxy's per-server
/// statistics only keep an average, so the percentile comes from here. Lines that are not requests are skipped.
/// </summary>
internal static partial class AccessLogParser
{
    public static IReadOnlyList<AccessLogEntry> Parse(string dockerLogs)
    {
        ArgumentNullException.ThrowIfNull(dockerLogs);
        var entries = new List<AccessLogEntry>();
        foreach (var line in dockerLogs.Split('\n'))
        {
            var match = RequestLine().Match(line);
            if (!match.Success
                || ParseDockerTimestamp(match.Groups["ts"].Value) is not { } timestamp)
            {
                continue;
            }

            var tr = int.Parse(match.Groups["tr"].Value, CultureInfo.InvariantCulture);
            if (tr < 0)
            {
                // -1: the server never answered (aborted or refused); the error counters account for those.
                continue;
            }

            entries.Add(new AccessLogEntry(
                timestamp,
                match.Groups["backend"].Value,
                match.Groups["server"].Value,
                tr,
                int.Parse(match.Groups["status"].Value, CultureInfo.InvariantCulture)));
        }

        return entries;
    }

    /// <summary>Docker prints nanoseconds; .NET parses at most seven fractional digits.</summary>
    public static DateTimeOffset? ParseDockerTimestamp(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = Fraction().Match(text);
        var normalized = match.Success && match.Groups[1].Value.Length > 7
            ? text[..match.Groups[1].Index] + match.Groups[1].Value[..7] + text[(match.Groups[1].Index + match.Groups[1].Length)..]
            : text;
        return DateTimeOffset.TryParse(normalized, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value : null;
    }

    [GeneratedRegex(@"\.(\d+)")]
    private static partial Regex Fraction();

    [GeneratedRegex(@"^(?<ts>\d{4}-\d\d-\d\dT\S+)\s+\S+\s+\[[^\]]+\]\s+\S+\s+(?<backend>[^\s/]+)/(?<server>\S+)\s+-?\d+/-?\d+/-?\d+/(?<tr>-?\d+)/-?\d+\s+(?<status>-?\d+)\s")]
    private static partial Regex RequestLine();
}
