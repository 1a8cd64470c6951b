namespace Slipway.Delivery.Notifications;

/// <summary>
/// Somewhere a build reports what happened (docs/deploy.md, Notifications). Declared by the build
/// (<see cref="Components.IHazNotifications.NotificationChannels"/>); its secrets come from secret parameters.
/// </summary>
public abstract record NotificationChannel
{
    /// <summary>A name for the log and the summary ("slack #deploys").</summary>
    public required string Name { get; init; }

    /// <summary>The events this channel gets; null: its kind's defaults (for most, every event but <see cref="DeliveryEventKind.DeployStarted"/>).</summary>
    public IReadOnlySet<DeliveryEventKind>? Events { get; init; }

    /// <summary>The environments whose events it gets; null: all (a release or CI event has no environment and always passes).</summary>
    public IReadOnlyList<string>? Environments { get; init; }

    internal bool Wants(DeliveryEvent deliveryEvent) =>
        (Events?.Contains(deliveryEvent.Kind) ?? WantsByDefault(deliveryEvent.Kind))
        && (Environments is null || deliveryEvent.Environment is null || Environments.Contains(deliveryEvent.Environment, StringComparer.Ordinal));

    internal virtual bool WantsByDefault(DeliveryEventKind kind) => kind != DeliveryEventKind.DeployStarted;
}
