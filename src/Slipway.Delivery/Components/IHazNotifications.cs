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

    /// <summary>The CI run's URL in GitHub Actions, recorded with the lock and the deploy record.</summary>
    string? CiRunUrl =>
        Context.GetEnvironmentVariable("GITHUB_RUN_ID") is { Length: > 0 } run
        && Context.GetEnvironmentVariable("GITHUB_REPOSITORY") is { Length: > 0 } repository
            ? $"{Context.GetEnvironmentVariable("GITHUB_SERVER_URL") ?? "https://github.com"}/{repository}/actions/runs/{run}"
            : null;

    /// <summary>
    /// For <c>Requires(() =&gt; NotificationsAreConfigured)</c> on every target that notifies: a misconfigured channel
    /// stops the build with exit 2 before any target runs, never after a deploy or a release has changed something.
    /// </summary>
    internal bool NotificationsAreConfigured => NotificationChannels.Count >= 0 && NotificationBound > TimeSpan.Zero;

    private TimeSpan NotificationBound => NotificationTimeout switch
    {
        null => NotificationDispatcher.DefaultBound,
        > 0 and <= 300 and var seconds => TimeSpan.FromSeconds(seconds),
        var wrong => throw BuildFailedException.BadInput(string.Create(CultureInfo.InvariantCulture,
            $"--notification-timeout {wrong} is not a number of seconds between 0 and 300: give e.g. 5.")),
    };

    /// <summary>Tells every channel that wants the event, at once, each within the bound; a failed channel is a summary note, never an exception.</summary>
    internal async Task NotifyAsync(DeliveryEvent deliveryEvent)
    {
        var channels = NotificationChannels;
        if (!channels.Any(c => c.Wants(deliveryEvent)))
        {
            return;
        }

        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        foreach (var warning in await new NotificationDispatcher(http, NotificationBound).DispatchAsync(deliveryEvent, channels))
        {
            Host.AddSummaryNote(warning);
        }
    }
}
