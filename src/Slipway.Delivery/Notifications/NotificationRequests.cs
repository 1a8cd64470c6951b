using System.Globalization;

namespace Slipway.Delivery.Notifications;

/// <summary>The HTTP requests each HTTP channel makes for an event, in order (pure: tested without a network).</summary>
internal static class NotificationRequests
{
    private static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>();

    public static IReadOnlyList<NotificationRequest> For(NotificationChannel channel, DeliveryEvent e, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(e);
        return channel switch
        {
            SlackChannel slack => [new(new Uri(slack.WebhookUrl), NotificationPayloads.Slack(e), NoHeaders)],
            TeamsChannel teams => [new(new Uri(teams.WebhookUrl), NotificationPayloads.Teams(e), NoHeaders)],
            WebhookChannel webhook => [Signed(webhook, e, now.ToUnixTimeSeconds())],
            GrafanaChannel grafana => [new(Under(grafana.Url, "api/annotations"), NotificationPayloads.Grafana(e), Bearer(grafana.ApiToken))],
            SentryChannel sentry => Sentry(sentry, e),
            PagerDutyChannel pagerDuty => [new(pagerDuty.EventsUrl, NotificationPayloads.PagerDuty(e, pagerDuty.RoutingKey), NoHeaders)],
            _ => throw new NotSupportedException($"{channel.GetType().Name} is not sent over HTTP."),
        };
    }

    private static NotificationRequest Signed(WebhookChannel webhook, DeliveryEvent e, long timestamp)
    {
        var body = NotificationPayloads.Webhook(e);
        return new(new Uri(webhook.Url), body, new Dictionary<string, string>
        {
            ["X-Slipway-Event"] = NotificationPayloads.EventName(e.Kind),
            ["X-Slipway-Timestamp"] = timestamp.ToString(CultureInfo.InvariantCulture),
            ["X-Slipway-Signature"] = NotificationPayloads.Signature(webhook.SigningSecret, timestamp, body),
        });
    }

    // The release first (created, or already there), then the deploy of it: Sentry refuses a deploy of an unknown release.
    private static IReadOnlyList<NotificationRequest> Sentry(SentryChannel sentry, DeliveryEvent e)
    {
        var organization = Under(sentry.Url, $"api/0/organizations/{Uri.EscapeDataString(sentry.Organization)}/releases/");
        var headers = Bearer(sentry.AuthToken);
        return
        [
            new(organization, NotificationPayloads.SentryRelease(e, sentry), headers),
            new(Under(organization, Uri.EscapeDataString(NotificationPayloads.SentryVersion(e)) + "/deploys/"), NotificationPayloads.SentryDeploy(e), headers),
        ];
    }

    private static Dictionary<string, string> Bearer(string token) => new() { ["Authorization"] = "Bearer " + token };

    /// <summary><paramref name="relative"/> under <paramref name="root"/>, whether or not its path ends with a slash (Grafana behind /grafana).</summary>
    private static Uri Under(Uri root, string relative) => new(root.AbsoluteUri.TrimEnd('/') + "/" + relative);
}
