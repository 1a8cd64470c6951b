using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Slipway.Delivery.Deploy;

/// <summary>
/// What the lock script found on the host: the lock was taken, or it is held — by whom, since when, and how long ago
/// its holder last proved alive. Times are the host's own clock (<c>date +%s</c> inside the edge), so a CI runner's
/// clock skew never makes a live lock look stale.
/// </summary>
internal sealed record LockProbe
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public required bool Acquired { get; init; }

    /// <summary>The holder, when held and readable (a lock caught the instant it is being taken has no owner yet).</summary>
    public LockOwner? Holder { get; init; }

    /// <summary>Seconds since the holder's last heartbeat (or since the lock was made, if it never beat).</summary>
    public long? HeartbeatAgeSeconds { get; init; }

    public bool IsStale(TimeSpan staleAfter) => !Acquired && HeartbeatAgeSeconds is { } age && age >= (long)staleAfter.TotalSeconds;

    public static string SerializeOwner(LockOwner owner) => JsonSerializer.Serialize(owner, Options);

    /// <summary>Parses the acquire script's output: <c>acquired</c>, or <c>held</c> followed by <c>key=value</c> lines.</summary>
    public static LockProbe Parse(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var first = lines.FirstOrDefault(l => l.Length > 0)?.Trim();
        if (first == "acquired")
        {
            return new LockProbe { Acquired = true };
        }

        if (first != "held")
        {
            throw new FormatException($"Unexpected answer from the lock script: '{output.Trim()}'.");
        }

        var values = lines.Where(l => l.Contains('=', StringComparison.Ordinal))
            .Select(l => (Key: l[..l.IndexOf('=', StringComparison.Ordinal)], Value: l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..].Trim()))
            .GroupBy(p => p.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal);
        long? Number(string key) =>
            values.TryGetValue(key, out var text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

        var now = Number("now");
        var beat = Number("heartbeat") ?? Number("created");
        LockOwner? holder = null;
        if (values.TryGetValue("owner", out var json) && json.Length > 0)
        {
            try
            {
                holder = JsonSerializer.Deserialize<LockOwner>(json, Options);
            }
            catch (JsonException)
            {
                holder = null;
            }
        }

        return new LockProbe
        {
            Acquired = false,
            Holder = holder,
            HeartbeatAgeSeconds = now is not null && beat is not null ? Math.Max(0, now.Value - beat.Value) : null,
        };
    }

    public string Describe(TimeSpan staleAfter)
    {
        var holder = Holder?.Describe() ?? "an unknown deploy (the lock has no owner file; it may be being taken right now)";
        var since = Holder is null ? string.Empty : $" since {Holder.Since.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC";
        var beat = HeartbeatAgeSeconds is { } age ? $", last heartbeat {age} s ago" : string.Empty;
        var stale = IsStale(staleAfter) ? $" — STALE (no heartbeat for {(long)staleAfter.TotalSeconds} s or more: its deploy probably died)" : string.Empty;
        return $"held by {holder}{since}{beat}{stale}";
    }
}
