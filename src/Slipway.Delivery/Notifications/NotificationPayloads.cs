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
        DeliveryEventKind.Scaled => "scale.changed",
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
            ["incidentDraft"] = e.IncidentDraft,
            ["runUrl"] = e.RunUrl,
            ["at"] = Iso(e.At),
        };
        return WithoutNulls(body).ToJsonString(Indented);
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

    /// <summary>
    /// A Teams Workflows webhook's body: a message with one Adaptive Card (1.4, what Teams renders): the title, coloured
    /// when it is a failure, the summary, the figures as a fact set and a button to the CI run.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "S5332", Justification = "The Adaptive Card schema's identifier, as Teams expects it; never requested.")]
    public static string Teams(DeliveryEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var facts = new JsonArray();
        foreach (var (name, value) in e.Facts.Where(f => f.Name != "Run"))
        {
            facts.Add(new JsonObject { ["title"] = name, ["value"] = value });
        }

        var card = new JsonObject
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["type"] = "AdaptiveCard",
            ["version"] = "1.4",
            ["body"] = new JsonArray
            {
                new JsonObject
                {
                    ["type"] = "TextBlock", ["text"] = e.Title, ["weight"] = "Bolder", ["size"] = "Medium", ["wrap"] = true,
                    ["color"] = e.IsFailure ? "Attention" : e.Kind is DeliveryEventKind.DeploySucceeded or DeliveryEventKind.ReleaseCreated ? "Good" : "Default",
                },
                new JsonObject { ["type"] = "TextBlock", ["text"] = e.Summary, ["wrap"] = true },
                new JsonObject { ["type"] = "FactSet", ["facts"] = facts },
            },
        };
        if (e.RunUrl is not null)
        {
            card["actions"] = new JsonArray { new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = "CI run", ["url"] = e.RunUrl } };
        }

        return new JsonObject
        {
            ["type"] = "message",
            ["attachments"] = new JsonArray
            {
                new JsonObject { ["contentType"] = "application/vnd.microsoft.card.adaptive", ["contentUrl"] = null, ["content"] = card },
            },
        }.ToJsonString(Indented);
    }

    /// <summary>
    /// A Grafana annotation: a region from the start to the end of the deploy or rollback when its duration is known,
    /// tagged <c>deploy</c>, the event, the environment and the version, so a dashboard can filter on any of them.
    /// </summary>
    public static string Grafana(DeliveryEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var end = e.At.ToUnixTimeMilliseconds();
        var tags = new JsonArray { "deploy", EventName(e.Kind) };
        foreach (var tag in new[] { e.Environment, e.Version }.OfType<string>())
        {
            tags.Add(tag);
        }

        var text = new StringBuilder(e.Title).Append(": ").Append(e.Summary);
        if (e.RunUrl is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $" <a href=\"{e.RunUrl}\">CI run</a>");
        }

        return new JsonObject
        {
            ["time"] = e.Duration is { } d ? end - (long)d.TotalMilliseconds : end,
            ["timeEnd"] = end,
            ["tags"] = tags,
            ["text"] = text.ToString(),
        }.ToJsonString(Indented);
    }

    /// <summary>Sentry's new release (or the existing one: Sentry answers 208): the version, for the project.</summary>
    public static string SentryRelease(DeliveryEvent e, SentryChannel channel)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(channel);
        return WithoutNulls(new JsonObject
        {
            ["version"] = SentryVersion(e),
            ["projects"] = new JsonArray { channel.Project },
            ["url"] = e.RunUrl,
        }).ToJsonString(Indented);
    }

    /// <summary>Sentry's deploy of that release to the environment, named after the deploy log's record.</summary>
    public static string SentryDeploy(DeliveryEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var deploy = new JsonObject
        {
            ["environment"] = e.Environment ?? "release",
            ["name"] = e.RecordId ?? EventName(e.Kind),
            ["url"] = e.RunUrl,
            ["dateStarted"] = e.Duration is { } d ? Iso(e.At - d) : null,
            ["dateFinished"] = Iso(e.At),
        };
        return WithoutNulls(deploy).ToJsonString(Indented);
    }

    /// <summary>The version Sentry files the release under: the event's version, else its digest.</summary>
    public static string SentryVersion(DeliveryEvent e) => e.Version ?? e.Digest ?? "unknown";

    /// <summary>
    /// A PagerDuty Events API v2 event: <c>trigger</c> for a failed deploy or an automatic rollback, <c>resolve</c> for
    /// a deploy or rollback that succeeded, both with the environment's dedup key, so one alert stands for one
    /// environment's trouble and the fix closes it.
    /// </summary>
    public static string PagerDuty(DeliveryEvent e, string routingKey)
    {
        ArgumentNullException.ThrowIfNull(e);
        var body = new JsonObject
        {
            ["routing_key"] = routingKey,
            ["event_action"] = e.IsFailure ? "trigger" : "resolve",
            ["dedup_key"] = PagerDutyDedupKey(e.Environment),
        };
        if (e.IsFailure)
        {
            var details = new JsonObject { ["summary"] = e.Summary };
            foreach (var (name, value) in e.Facts)
            {
                details[name] = value;
            }

            body["payload"] = WithoutNulls(new JsonObject
            {
                ["summary"] = Truncate(e.Title, 1024),
                ["source"] = "slipway " + (e.Environment ?? "ci"),
                ["severity"] = e.Kind == DeliveryEventKind.RolledBackAutomatically ? "critical" : "error",
                ["timestamp"] = Iso(e.At),
                ["component"] = e.Environment,
                ["group"] = "deploy",
                ["class"] = EventName(e.Kind),
                ["custom_details"] = details,
            });
            if (e.RunUrl is not null)
            {
                body["links"] = new JsonArray { new JsonObject { ["href"] = e.RunUrl, ["text"] = "CI run" } };
            }
        }

        return body.ToJsonString(Indented);
    }

    /// <summary>One open alert per environment: <c>slipway/production/deploy</c>.</summary>
    public static string PagerDutyDedupKey(string? environment) => $"slipway/{environment ?? "ci"}/deploy";

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

    // Receivers read a missing field as unset; some (Sentry, PagerDuty) refuse an explicit null.
    private static JsonObject WithoutNulls(JsonObject json)
    {
        foreach (var key in json.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            json.Remove(key);
        }

        return json;
    }

    private static string Iso(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
