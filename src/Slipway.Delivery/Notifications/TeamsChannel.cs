namespace Slipway.Delivery.Notifications;

/// <summary>
/// A Microsoft Teams channel through a Workflows webhook (the "post to a channel when a webhook request is received"
/// flow; its URL is a secret): an Adaptive Card. The retired Office 365 connectors are not supported.
/// </summary>
public sealed record TeamsChannel : NotificationChannel
{
    public required string WebhookUrl { get; init; }
}
