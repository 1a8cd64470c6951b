using System.Net;

namespace Slipway.Delivery.Notifications;

/// <summary>The default channels from <see cref="Components.IHazNotifications"/>' parameters, each checked before anything is sent.</summary>
internal static class NotificationChannelParameters
{
    public static IReadOnlyList<NotificationChannel> Channels(NotificationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var channels = new List<NotificationChannel>();
        var problems = new List<string>();
        if (settings.SlackWebhookUrl is { Length: > 0 } slack && HttpUrl(slack, "SLACK_WEBHOOK_URL", problems) is not null)
        {
            channels.Add(new SlackChannel { Name = "slack", WebhookUrl = slack });
        }

        if (settings.TeamsWebhookUrl is { Length: > 0 } teams && HttpUrl(teams, "TEAMS_WEBHOOK_URL", problems) is not null)
        {
            channels.Add(new TeamsChannel { Name = "teams", WebhookUrl = teams });
        }

        if (settings.WebhookUrl is { Length: > 0 } webhookUrl)
        {
            if (settings.WebhookSecret is not { Length: >= 16 } webhookSecret)
            {
                problems.Add("NOTIFICATION_WEBHOOK_SECRET must be set to at least 16 characters with NOTIFICATION_WEBHOOK_URL: its receiver checks the signature with it (e.g. openssl rand -hex 32).");
            }
            else if (HttpUrl(webhookUrl, "NOTIFICATION_WEBHOOK_URL", problems) is not null)
            {
                channels.Add(new WebhookChannel { Name = "webhook", Url = webhookUrl, SigningSecret = webhookSecret });
            }
        }

        if (settings.SmtpUrl is { Length: > 0 } smtpUrl)
        {
            if (Email(smtpUrl, settings.EmailRecipients, settings.EmailFrom, problems) is { } email)
            {
                channels.Add(email);
            }
        }
        else if (settings.EmailRecipients.Count > 0)
        {
            problems.Add("EMAIL_RECIPIENTS is set without SMTP_URL: set SMTP_URL=smtp://user:password@host:587 (a secret), or unset EMAIL_RECIPIENTS.");
        }

        if (Grafana(settings, problems) is { } grafana)
        {
            channels.Add(grafana);
        }

        if (Sentry(settings, problems) is { } sentry)
        {
            channels.Add(sentry);
        }

        if (PagerDuty(settings, problems) is { } pagerDuty)
        {
            channels.Add(pagerDuty);
        }

        if (problems.Count > 0)
        {
            throw Slipway.Engine.BuildFailedException.BadInput("Notifications are misconfigured; nothing was sent:" + string.Concat(problems.Select(p => "\n  - " + p)));
        }

        return channels;
    }

    private static GrafanaChannel? Grafana(NotificationSettings settings, List<string> problems)
    {
        var (url, token) = (settings.GrafanaUrl is { Length: > 0 } u ? u : null, settings.GrafanaApiToken is { Length: > 0 } t ? t : null);
        if (url is null && token is null)
        {
            return null;
        }

        if (url is null || token is null)
        {
            problems.Add("GRAFANA_URL and GRAFANA_API_TOKEN go together: set both (a service account token with annotations:write), or neither.");
            return null;
        }

        return HttpUrl(url, "GRAFANA_URL", problems) is { } grafana ? new GrafanaChannel { Name = "grafana", Url = grafana, ApiToken = token } : null;
    }

    private static SentryChannel? Sentry(NotificationSettings settings, List<string> problems)
    {
        if (settings.SentryAuthToken is not { Length: > 0 } token)
        {
            if (settings.SentryOrganization is { Length: > 0 } || settings.SentryProject is { Length: > 0 })
            {
                problems.Add("SENTRY_ORGANIZATION or SENTRY_PROJECT is set without SENTRY_AUTH_TOKEN: set the token (scope project:releases), or unset them.");
            }

            return null;
        }

        if (settings.SentryOrganization is not { Length: > 0 } organization || settings.SentryProject is not { Length: > 0 } project)
        {
            problems.Add("SENTRY_AUTH_TOKEN needs SENTRY_ORGANIZATION and SENTRY_PROJECT: the slugs in the project's URL (sentry.io/organizations/<org>/projects/<project>/).");
            return null;
        }

        var url = settings.SentryUrl is { Length: > 0 } given ? HttpUrl(given, "SENTRY_URL", problems) : new Uri("https://sentry.io/");
        return url is null ? null : new SentryChannel { Name = "sentry", Url = url, Organization = organization, Project = project, AuthToken = token };
    }

    private static PagerDutyChannel? PagerDuty(NotificationSettings settings, List<string> problems)
    {
        if (settings.PagerDutyRoutingKey is not { Length: > 0 } key)
        {
            return null;
        }

        if (key.Length != 32 || !key.All(char.IsAsciiLetterOrDigit))
        {
            problems.Add("PAGERDUTY_ROUTING_KEY is not an Events API v2 integration key (32 letters and digits): copy it from the service's Integrations tab.");
            return null;
        }

        var url = settings.PagerDutyEventsUrl is { Length: > 0 } given ? HttpUrl(given, "PAGERDUTY_EVENTS_URL", problems) : new Uri("https://events.pagerduty.com/v2/enqueue");
        return url is null ? null : new PagerDutyChannel
        {
            Name = "pagerduty",
            RoutingKey = key,
            EventsUrl = url,
            Environments = settings.PagerDutyEnvironments.Count > 0 ? [.. settings.PagerDutyEnvironments] : null,
        };
    }

    private static Uri? HttpUrl(string url, string variable, List<string> problems)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
        {
            return uri;
        }

        // The value may be a secret: the message names the variable, never the value.
        problems.Add($"{variable} is not an http(s) URL: give the full URL the service shows.");
        return null;
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
