using System.Net;

namespace Slipway.Delivery.Notifications;

/// <summary>The default channels from <see cref="Components.IHazNotifications"/>' parameters, each checked before anything is sent.</summary>
internal static class NotificationChannelParameters
{
    public static IReadOnlyList<NotificationChannel> Channels(
        string? slackWebhookUrl, string? webhookUrl, string? webhookSecret, string? smtpUrl, IReadOnlyList<string> emailRecipients, string? emailFrom)
    {
        var channels = new List<NotificationChannel>();
        var problems = new List<string>();
        if (slackWebhookUrl is { Length: > 0 })
        {
            if (IsHttpUrl(slackWebhookUrl, "SLACK_WEBHOOK_URL", problems))
            {
                channels.Add(new SlackChannel { Name = "slack", WebhookUrl = slackWebhookUrl });
            }
        }

        if (webhookUrl is { Length: > 0 })
        {
            if (webhookSecret is not { Length: >= 16 })
            {
                problems.Add("NOTIFICATION_WEBHOOK_SECRET must be set to at least 16 characters with NOTIFICATION_WEBHOOK_URL: its receiver checks the signature with it (e.g. openssl rand -hex 32).");
            }
            else if (IsHttpUrl(webhookUrl, "NOTIFICATION_WEBHOOK_URL", problems))
            {
                channels.Add(new WebhookChannel { Name = "webhook", Url = webhookUrl, SigningSecret = webhookSecret });
            }
        }

        if (smtpUrl is { Length: > 0 })
        {
            if (Email(smtpUrl, emailRecipients, emailFrom, problems) is { } email)
            {
                channels.Add(email);
            }
        }
        else if (emailRecipients.Count > 0)
        {
            problems.Add("EMAIL_RECIPIENTS is set without SMTP_URL: set SMTP_URL=smtp://user:password@host:587 (a secret), or unset EMAIL_RECIPIENTS.");
        }

        if (problems.Count > 0)
        {
            throw Slipway.Engine.BuildFailedException.BadInput("Notifications are misconfigured; nothing was sent:" + string.Concat(problems.Select(p => "\n  - " + p)));
        }

        return channels;
    }

    private static bool IsHttpUrl(string url, string variable, List<string> problems)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
        {
            return true;
        }

        // The value is a secret: the message names the variable, never the value.
        problems.Add($"{variable} is not an http(s) URL: give the full URL the service shows for the webhook.");
        return false;
    }

    private static EmailChannel? Email(string smtpUrl, IReadOnlyList<string> recipients, string? from, List<string> problems)
    {
        if (!Uri.TryCreate(smtpUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("smtp" or "smtps") || uri.Host.Length == 0)
        {
            problems.Add("SMTP_URL is not smtp://[user:password@]host[:port] (STARTTLS) or smtps://…: give the server's address in that form.");
            return null;
        }

        if (recipients.Count == 0)
        {
            problems.Add("SMTP_URL is set but EMAIL_RECIPIENTS is empty: list who gets the email, comma-separated.");
            return null;
        }

        var user = uri.UserInfo.Split(':', 2);
        var loopback = IPAddress.TryParse(uri.Host, out var address) ? IPAddress.IsLoopback(address) : uri.Host == "localhost";
        return new EmailChannel
        {
            Name = "email",
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? (uri.Scheme == "smtps" ? 465 : 587) : uri.Port,
            ImplicitTls = uri.Scheme == "smtps",
            From = from ?? $"slipway@{uri.Host}",
            To = [.. recipients],
            Username = user[0].Length > 0 ? Uri.UnescapeDataString(user[0]) : null,
            Password = user.Length > 1 ? Uri.UnescapeDataString(user[1]) : null,
            // A relay on this machine is reached in the clear; anything else must offer STARTTLS.
            RequireTls = !loopback,
        };
    }
}
