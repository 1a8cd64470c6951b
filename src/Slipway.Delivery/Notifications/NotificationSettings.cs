namespace Slipway.Delivery.Notifications;

/// <summary>The notification parameters of <see cref="Components.IHazNotifications"/>, as given (unset: null or empty).</summary>
internal sealed record NotificationSettings
{
    public string? SlackWebhookUrl { get; init; }

    public string? TeamsWebhookUrl { get; init; }

    public string? WebhookUrl { get; init; }

    public string? WebhookSecret { get; init; }

    public string? SmtpUrl { get; init; }

    public IReadOnlyList<string> EmailRecipients { get; init; } = [];

    public string? EmailFrom { get; init; }

    public string? GrafanaUrl { get; init; }

    public string? GrafanaApiToken { get; init; }

    public string? SentryUrl { get; init; }

    public string? SentryOrganization { get; init; }

    public string? SentryProject { get; init; }

    public string? SentryAuthToken { get; init; }

    public string? PagerDutyRoutingKey { get; init; }

    public string? PagerDutyEventsUrl { get; init; }

    public IReadOnlyList<string> PagerDutyEnvironments { get; init; } = [];
}
