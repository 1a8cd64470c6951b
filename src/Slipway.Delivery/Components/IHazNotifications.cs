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

    /// <summary>
    /// The channels: by default one per configured parameter above (every event but "deploy started", for every
    /// environment). A build overrides this to route events (<see cref="NotificationChannel.Events"/>, <see cref="NotificationChannel.Environments"/>).
    /// </summary>
    IReadOnlyList<NotificationChannel> NotificationChannels => NotificationChannelParameters.Channels(
        SlackWebhookUrl, NotificationWebhookUrl, NotificationWebhookSecret, SmtpUrl, EmailRecipients, EmailFrom);

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
