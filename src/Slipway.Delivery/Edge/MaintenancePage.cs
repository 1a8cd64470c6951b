using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Slipway.Delivery.Edge;

/// <summary>
/// What the edge answers while maintenance is on, as the entries of its maintenance map: the deadline (epoch seconds,
/// 0 for none) the edge compares with its own clock on every request, the <c>Retry-After</c> used when there is no
/// deadline, and the JSON and HTML bodies. Pure: rendered and unit-tested without an edge.
/// </summary>
/// <remarks>
/// Bodies are stored base64-encoded and decoded by the edge (<c>b64dec</c>): a map value is one word on the runtime API
/// and in the map file, so no user text — quotes, spaces, semicolons, <c>%[</c> — is ever parsed by HAProxy.
/// </remarks>
internal sealed record MaintenancePage
{
    public const string UntilKey = "until";
    public const string RetryAfterKey = "retry_after";
    public const string JsonKey = "json";
    public const string HtmlKey = "html";

    public const int MaxMessageLength = 1024;

    public required string Message { get; init; }

    /// <summary>When the edge ends maintenance by itself; null: only <c>--off</c> ends it.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>The <c>Retry-After</c> without a deadline (with one, the edge sends the seconds left).</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether the edge still answers this page at <paramref name="now"/>: no deadline, or one not passed yet.</summary>
    public bool IsActiveAt(DateTimeOffset now) => Until is null || Until > now;

    /// <summary><c>until 2026-12-04 14:00:00 UTC</c>, or <c>until Maintenance --off</c>.</summary>
    public string UntilText => Until is { } until
        ? string.Create(CultureInfo.InvariantCulture, $"until {until:yyyy-MM-dd HH:mm:ss} UTC")
        : "until Maintenance --off";

    /// <summary>What a deploy or rollback says when it runs behind the page.</summary>
    public string NoticeFor(string operation) =>
        $"Maintenance is on {UntilText}: " +
        $"the {operation} goes ahead behind it, gated on the service's own readiness checks; the public URL answers the maintenance page until Maintenance --off or its deadline.";

    /// <summary>The problem with a message, or null: one line of 1 to <see cref="MaxMessageLength"/> characters.</summary>
    public static string? MessageProblem(string? message) =>
        string.IsNullOrWhiteSpace(message) || message.Length > MaxMessageLength || message.Any(char.IsControl)
            ? $"The maintenance message must be one line of 1 to {MaxMessageLength} characters without control characters."
            : null;

    // Relaxed: the body is served as application/json, never inlined in HTML, so '"' and non-ASCII text stay readable.
    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public string Json => JsonSerializer.Serialize(new MaintenanceBody("maintenance", Message, Until?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)), JsonOptions);

    public string Html
    {
        get
        {
            var until = Until is { } at
                ? $"<p>Back by {WebUtility.HtmlEncode(at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))} UTC.</p>"
                : string.Empty;
            return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Down for maintenance</title></head>" +
                $"<body><h1>Down for maintenance</h1><p>{WebUtility.HtmlEncode(Message)}</p>{until}</body></html>";
        }
    }

    /// <summary>The map's entries in order; every value is one word (digits or base64).</summary>
    public IReadOnlyList<(string Key, string Value)> Entries =>
    [
        (UntilKey, (Until?.ToUnixTimeSeconds() ?? 0).ToString(CultureInfo.InvariantCulture)),
        (RetryAfterKey, ((long)RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture)),
        (JsonKey, Convert.ToBase64String(Encoding.UTF8.GetBytes(Json))),
        (HtmlKey, Convert.ToBase64String(Encoding.UTF8.GetBytes(Html))),
    ];

    /// <summary>The map file HAProxy loads on start: one <c>key value</c> line per entry.</summary>
    public string MapFile => string.Concat(Entries.Select(e => $"{e.Key} {e.Value}\n"));

    /// <summary>The page back from the map's entries (<c>show map</c>, or the file); null when they hold none.</summary>
    public static MaintenancePage? From(IReadOnlyDictionary<string, string> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (!entries.TryGetValue(JsonKey, out var json))
        {
            return null;
        }

        var body = JsonSerializer.Deserialize<MaintenanceBody>(Convert.FromBase64String(json));
        var until = entries.TryGetValue(UntilKey, out var seconds) && long.TryParse(seconds, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch) && epoch > 0
            ? DateTimeOffset.FromUnixTimeSeconds(epoch)
            : (DateTimeOffset?)null;
        var retry = entries.TryGetValue(RetryAfterKey, out var retryText) && long.TryParse(retryText, NumberStyles.None, CultureInfo.InvariantCulture, out var retrySeconds)
            ? TimeSpan.FromSeconds(retrySeconds)
            : TimeSpan.FromSeconds(30);
        return new MaintenancePage { Message = body?.Message ?? string.Empty, Until = until, RetryAfter = retry };
    }

    private sealed record MaintenanceBody(
        [property: System.Text.Json.Serialization.JsonPropertyName("status")] string Status,
        [property: System.Text.Json.Serialization.JsonPropertyName("message")] string Message,
        [property: System.Text.Json.Serialization.JsonPropertyName("until")] string? Until);
}
