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
        ArgumentNullException.ThrowIfNull(text);
        var records = new List<DeployRecord>();
        unreadable = 0;
        foreach (var line in text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0))
        {
            try
            {
                if (JsonSerializer.Deserialize<DeployRecord>(line, Options) is { } record)
                {
                    records.Add(record);
                    continue;
                }
            }
            catch (JsonException)
            {
            }

            unreadable++;
        }

        return records;
    }
}
