using System.Text.Json;
using System.Text.Json.Serialization;

namespace Slipway.Delivery.Deploy;

/// <summary>
/// The deploy log's format: JSON Lines, one <see cref="DeployRecord"/> per line, snake_case names
/// (<c>{"id":…,"environment":…,"rollback_of":…}</c>), so it reads well with <c>jq</c> on the host.
/// </summary>
internal static class DeployLogFormat
{
    public const string FileName = "deploys.jsonl";

    private const string RecordStart = "{\"id\":";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>One line, without the newline.</summary>
    public static string Serialize(DeployRecord record) => JsonSerializer.Serialize(record, Options);

    /// <summary>
    /// Every readable record, oldest first. A line that is not a record (a torn write after a host crash, a hand edit)
    /// is skipped and counted in <paramref name="unreadable"/>, so one bad line never hides the history.
    /// </summary>
    public static IReadOnlyList<DeployRecord> Parse(string text, out int unreadable)
    {
        var records = Read(text, out var damaged);
        unreadable = damaged.Count;
        return records;
    }

    /// <summary>
    /// Every readable record, oldest first, and the numbers (1-based) of the damaged lines, for a warning that says
    /// where to look. A record glued behind a torn one — an append killed mid-line before appends guarded against
    /// that — is still read: only the torn part is lost.
    /// </summary>
    public static IReadOnlyList<DeployRecord> Read(string text, out IReadOnlyList<int> damagedLines)
    {
        ArgumentNullException.ThrowIfNull(text);
        var records = new List<DeployRecord>();
        var damaged = new List<int>();
        var lines = text.Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (TryDeserialize(line) is { } record)
            {
                records.Add(record);
                continue;
            }

            damaged.Add(index + 1);
            if (Salvage(line) is { } glued)
            {
                records.Add(glued);
            }
        }

        damagedLines = damaged;
        return records;
    }

    /// <summary><c>line 3</c>, <c>lines 3, 7</c>: the damaged lines as a warning names them.</summary>
    public static string DescribeLines(IReadOnlyList<int> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        return (lines.Count == 1 ? "line " : "lines ") + string.Join(", ", lines.Select(l => l.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    // Every record starts with its id (the first property), so the last record glued onto a torn one starts at the last "{"id":".
    private static DeployRecord? Salvage(string line)
    {
        for (var start = line.LastIndexOf(RecordStart, StringComparison.Ordinal); start > 0; start = line.LastIndexOf(RecordStart, start - 1, StringComparison.Ordinal))
        {
            if (TryDeserialize(line[start..]) is { } record)
            {
                return record;
            }
        }

        return null;
    }

    private static DeployRecord? TryDeserialize(string line)
    {
        try
        {
            return JsonSerializer.Deserialize<DeployRecord>(line, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
