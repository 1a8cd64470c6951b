using System.Globalization;
using Slipway.Delivery.Notifications;
using Slipway.Engine;

namespace Slipway.Delivery.Components;

/// <summary>
/// Where deploys, rollbacks and releases are reported (docs/deploy.md, Notifications): the channels a build declares,
/// each sent to at once and bounded in time. A failing channel is a warning in the log and the summary, never a
/// failure, and costs a deploy at most the bound.
/// </summary>
public interface IHazNotifications : ISlipwayBuild
{
    [Parameter("Slack incoming webhook URL: deploys, rollbacks and releases are reported there"), Secret, GitHubActionsSecret]
    string? SlackWebhookUrl => this.GetParameter<string>();

    [Parameter("URL of a JSON webhook told of deploys, rollbacks and releases, signed with NotificationWebhookSecret"), Secret, GitHubActionsSecret]
    string? NotificationWebhookUrl => this.GetParameter<string>();

    [Parameter("Key of the HMAC-SHA256 signature on NotificationWebhookUrl's requests (required with it)"), Secret, GitHubActionsSecret]
    string? NotificationWebhookSecret => this.GetParameter<string>();

    [Parameter("SMTP server for email notifications, smtp://user:password@host:587 (STARTTLS) or smtps://…:465"), Secret, GitHubActionsSecret]
    string? SmtpUrl => this.GetParameter<string>();

    [Parameter("Who gets email notifications, comma-separated (with SmtpUrl)"), GitHubActionsVariable]
    string[] EmailRecipients => this.GetParameter<string[]>() ?? [];

    [Parameter("Sender of email notifications (default slipway@ the SMTP server's domain)"), GitHubActionsVariable]
    string? EmailFrom => this.GetParameter<string>();

    [Parameter("Microsoft Teams Workflows webhook URL: deploys, rollbacks and releases are posted there as an Adaptive Card"), Secret, GitHubActionsSecret]
    string? TeamsWebhookUrl => this.GetParameter<string>();

    [Parameter("Grafana server that gets an annotation per deploy and rollback (with GrafanaApiToken)"), GitHubActionsVariable]
    string? GrafanaUrl => this.GetParameter<string>();

    [Parameter("Grafana service account token with annotations:write"), Secret, GitHubActionsSecret]
    string? GrafanaApiToken => this.GetParameter<string>();

    [Parameter("Sentry server for release deploys (default https://sentry.io/)"), GitHubActionsVariable]
    string? SentryUrl => this.GetParameter<string>();

    [Parameter("Sentry organization slug (with SentryAuthToken)"), GitHubActionsVariable]
    string? SentryOrganization => this.GetParameter<string>();

    [Parameter("Sentry project slug whose releases get the deploys (with SentryAuthToken)"), GitHubActionsVariable]
    string? SentryProject => this.GetParameter<string>();

    [Parameter("Sentry auth token with project:releases: each version that goes live is a release deployed to its environment"), Secret, GitHubActionsSecret]
    string? SentryAuthToken => this.GetParameter<string>();

    [Parameter("PagerDuty Events API v2 integration key: failed deploys and automatic rollbacks page, the next success resolves", Name = "PagerdutyRoutingKey"), Secret, GitHubActionsSecret]
    string? PagerDutyRoutingKey => this.GetParameter<string>("PagerdutyRoutingKey");

    [Parameter("PagerDuty Events API endpoint (default https://events.pagerduty.com/v2/enqueue; EU accounts: events.eu.pagerduty.com)", Name = "PagerdutyEventsUrl"), GitHubActionsVariable]
    string? PagerDutyEventsUrl => this.GetParameter<string>("PagerdutyEventsUrl");

    [Parameter("Environments whose failures page, comma-separated (default production)", Name = "PagerdutyEnvironments"), GitHubActionsVariable]
    string[] PagerDutyEnvironments => this.GetParameter<string[]>("PagerdutyEnvironments") ?? ["production"];

    /// <summary>
    /// The channels: by default one per configured parameter above (most get every event but "deploy started", for
    /// every environment; Sentry what went live; PagerDuty the failures and successes of <see cref="PagerDutyEnvironments"/>).
    /// A build overrides this to route events (<see cref="NotificationChannel.Events"/>, <see cref="NotificationChannel.Environments"/>).
    /// </summary>
    IReadOnlyList<NotificationChannel> NotificationChannels => NotificationChannelParameters.Channels(new NotificationSettings
    {
        SlackWebhookUrl = SlackWebhookUrl,
        TeamsWebhookUrl = TeamsWebhookUrl,
        WebhookUrl = NotificationWebhookUrl,
        WebhookSecret = NotificationWebhookSecret,
        SmtpUrl = SmtpUrl,
        EmailRecipients = EmailRecipients,
        EmailFrom = EmailFrom,
        GrafanaUrl = GrafanaUrl,
        GrafanaApiToken = GrafanaApiToken,
        SentryUrl = SentryUrl,
        SentryOrganization = SentryOrganization,
        SentryProject = SentryProject,
        SentryAuthToken = SentryAuthToken,
        PagerDutyRoutingKey = PagerDutyRoutingKey,
        PagerDutyEventsUrl = PagerDutyEventsUrl,
        PagerDutyEnvironments = PagerDutyEnvironments,
    });

    [Parameter("Seconds each notification may take, retries included: what a dead channel can cost a deploy (default 5)")]
    double? NotificationTimeout => this.GetParameter<double?>();

    internal async Task NotifyAsync(DeliveryEvent deliveryEvent)
    {
        var channels = NotificationChannels;
        if (!channels.Any(c => c.Wants(deliveryEvent)))
        {
            return;
        }

        var bound = NotificationTimeout is { } seconds ? TimeSpan.FromSeconds(seconds) : NotificationDispatcher.DefaultBound;
        if (bound <= TimeSpan.Zero)
        {
            throw BuildFailedException.BadInput(string.Create(CultureInfo.InvariantCulture,
                $"--notification-timeout {NotificationTimeout} is not a positive number of seconds: give e.g. 5."));
        }

        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        foreach (var warning in await new NotificationDispatcher(http, bound).DispatchAsync(deliveryEvent, channels))
        {
            Host.AddSummaryNote(warning);
        }
    }
}
