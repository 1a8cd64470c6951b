using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using MimeKit;

namespace Slipway.Delivery.Notifications;

/// <summary>What each channel receives for an event, built without I/O (golden-file tested); the shapes are in docs/deploy.md.</summary>
internal static class NotificationPayloads
{
    // Relaxed escaping keeps the bodies readable (they go to an HTTP endpoint, never into HTML): "<", "&" and accents as themselves.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The webhook's event name: <c>deploy.succeeded</c>, <c>deploy.rolled_back</c>, <c>release.created</c>, …</summary>
    public static string EventName(DeliveryEventKind kind) => kind switch
    {
        DeliveryEventKind.DeployStarted => "deploy.started",
        DeliveryEventKind.DeploySucceeded => "deploy.succeeded",
        DeliveryEventKind.DeployAborted => "deploy.aborted",
        DeliveryEventKind.RolledBackAutomatically => "deploy.rolled_back",
        DeliveryEventKind.Locked => "deploy.locked",
        DeliveryEventKind.ManualRollback => "rollback.manual",
        DeliveryEventKind.ReleaseCreated => "release.created",
        DeliveryEventKind.MaintenanceOn => "maintenance.on",
        DeliveryEventKind.MaintenanceOff => "maintenance.off",
        DeliveryEventKind.CiFailed => "ci.failed",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>A Slack incoming webhook's body: <c>text</c> (notifications, clients without blocks) and blocks with the figures.</summary>
    public static string Slack(DeliveryEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var icon = e.IsFailure ? ":rotating_light:" : e.Kind == DeliveryEventKind.DeploySucceeded || e.Kind == DeliveryEventKind.ReleaseCreated ? ":white_check_mark:" : ":information_source:";
        var blocks = new JsonArray
        {
            new JsonObject { ["type"] = "header", ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = Truncate(e.Title, 150) } },
            new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = Truncate(Escape(e.Summary), 3000) } },
        };
        var fields = new JsonArray();
        foreach (var (name, value) in e.Facts.Where(f => f.Name != "Run").Take(10))
        {
            fields.Add(new JsonObject { ["type"] = "mrkdwn", ["text"] = $"*{name}*\n{Escape(value)}" });
        }

        blocks.Add(new JsonObject { ["type"] = "section", ["fields"] = fields });
        if (e.RunUrl is not null)
        {
            blocks.Add(new JsonObject
            {
                ["type"] = "context",
                ["elements"] = new JsonArray { new JsonObject { ["type"] = "mrkdwn", ["text"] = $"<{e.RunUrl}|CI run>" } },
            });
        }

        return new JsonObject { ["text"] = $"{icon} {e.Title}", ["blocks"] = blocks }.ToJsonString(Indented);
    }

    /// <summary>The generic webhook's body: the event's fields, stable names, nulls left out.</summary>
    public static string Webhook(DeliveryEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var body = new JsonObject
        {
            ["event"] = EventName(e.Kind),
            ["title"] = e.Title,
            ["summary"] = e.Summary,
            ["environment"] = e.Environment,
            ["version"] = e.Version,
            ["previousVersion"] = e.PreviousVersion,
            ["digest"] = e.Digest,
            ["who"] = e.Who,
            ["durationSeconds"] = e.Duration is { } d ? Math.Round(d.TotalSeconds, 1) : null,
            ["exitCode"] = e.ExitCode,
            ["record"] = e.RecordId,
            ["runUrl"] = e.RunUrl,
            ["at"] = e.At.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        };
        foreach (var key in body.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            body.Remove(key);
        }

        return body.ToJsonString(Indented);
    }

    /// <summary>
    /// <c>sha256=</c> and the hex HMAC-SHA256, keyed with the secret, of <c>{timestamp}.{body}</c> (the body's exact
    /// UTF-8 bytes): the timestamp is signed too, so a receiver that refuses old timestamps refuses replays.
    /// </summary>
    public static string Signature(string secret, long unixSeconds, string body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(body);
        var signed = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{unixSeconds}.{body}"));
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    /// <summary>A plain-text email: the title as subject, the summary and the figures as body.</summary>
    public static MimeMessage Email(DeliveryEvent e, EmailChannel channel)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(channel);
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(channel.From));
        foreach (var to in channel.To)
        {
            message.To.Add(MailboxAddress.Parse(to));
        }

        message.Subject = $"[Slipway] {e.Title}";
        var text = new StringBuilder().Append(e.Summary).Append("\n\n");
        foreach (var (name, value) in e.Facts)
        {
            text.Append(CultureInfo.InvariantCulture, $"{name}: {value}\n");
        }

        message.Body = new TextPart("plain") { Text = text.ToString() };
        return message;
    }

    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
