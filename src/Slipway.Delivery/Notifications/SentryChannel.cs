namespace Slipway.Delivery.Notifications;

/// <summary>
/// Sentry releases and deploys: the release (the version) is created for the project if it is new, then a deploy of it
/// to the environment is recorded, so Sentry ties new errors to the version that brought them.
/// By default it hears of what went live: <see cref="DeliveryEventKind.DeploySucceeded"/> and <see cref="DeliveryEventKind.ManualRollback"/>.
/// </summary>
public sealed record SentryChannel : NotificationChannel
{
    /// <summary>The Sentry server: <c>https://sentry.io/</c> or a self-hosted one.</summary>
    public Uri Url { get; init; } = new("https://sentry.io/");

    /// <summary>The organization's slug.</summary>
    public required string Organization { get; init; }

    /// <summary>The project's slug the release belongs to.</summary>
    public required string Project { get; init; }

    /// <summary>An auth token with the project:releases scope; a secret.</summary>
    public required string AuthToken { get; init; }

    internal override bool WantsByDefault(DeliveryEventKind kind) =>
        kind is DeliveryEventKind.DeploySucceeded or DeliveryEventKind.ManualRollback;
}
