namespace Slipway.Delivery.Notifications;

/// <summary>
/// A generic JSON webhook, signed with HMAC-SHA256 over <c>timestamp.body</c> with <see cref="SigningSecret"/> so a
/// receiver can verify it and refuse replays (docs/deploy.md shows the check).
/// </summary>
public sealed record WebhookChannel : NotificationChannel
{
    public required string Url { get; init; }

    public required string SigningSecret { get; init; }
}
