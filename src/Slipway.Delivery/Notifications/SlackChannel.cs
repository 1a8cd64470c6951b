namespace Slipway.Delivery.Notifications;

/// <summary>A Slack incoming webhook (<c>https://hooks.slack.com/services/…</c>, a secret): text plus blocks.</summary>
public sealed record SlackChannel : NotificationChannel
{
    public required string WebhookUrl { get; init; }
}
