namespace Slipway.Delivery.Notifications;

/// <summary>
/// PagerDuty's Events API v2: a failed deploy or an automatic rollback triggers an alert, deduplicated per environment,
/// and the next deploy or rollback that succeeds there resolves it. By default it hears of exactly those events;
/// restrict it to the environments that page (<see cref="NotificationChannel.Environments"/>).
/// </summary>
public sealed record PagerDutyChannel : NotificationChannel
{
    /// <summary>The integration key of the service's Events API v2 integration; a secret.</summary>
    public required string RoutingKey { get; init; }

    /// <summary>The Events API endpoint (<c>https://events.eu.pagerduty.com/v2/enqueue</c> for EU accounts).</summary>
    public Uri EventsUrl { get; init; } = new("https://events.pagerduty.com/v2/enqueue");

    internal override bool WantsByDefault(DeliveryEventKind kind) =>
        kind is DeliveryEventKind.DeployAborted or DeliveryEventKind.RolledBackAutomatically
            or DeliveryEventKind.DeploySucceeded or DeliveryEventKind.ManualRollback;
}
