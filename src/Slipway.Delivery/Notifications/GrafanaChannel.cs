namespace Slipway.Delivery.Notifications;

/// <summary>
/// Grafana annotations (<c>POST /api/annotations</c>, tagged <c>deploy</c>, the environment and the version), so
/// dashboards show when each version went live and when one was rolled back.
/// </summary>
public sealed record GrafanaChannel : NotificationChannel
{
    /// <summary>The Grafana server, e.g. <c>https://grafana.example.com/</c>.</summary>
    public required Uri Url { get; init; }

    /// <summary>A service account token with the annotations:write permission; a secret.</summary>
    public required string ApiToken { get; init; }
}
