namespace Slipway.Delivery.Notifications;

/// <summary>Email through an SMTP server (seed 004's EMAIL_RECIPIENTS), sent with MailKit.</summary>
public sealed record EmailChannel : NotificationChannel
{
    public required string Host { get; init; }

    public int Port { get; init; } = 587;

    public required string From { get; init; }

    public required IReadOnlyList<string> To { get; init; }

    public string? Username { get; init; }

    /// <summary>A secret.</summary>
    public string? Password { get; init; }

    /// <summary>TLS from the first byte (smtps, port 465) instead of STARTTLS.</summary>
    public bool ImplicitTls { get; init; }

    /// <summary>STARTTLS when the server offers it (required on port 587 by most providers); off only for a loopback relay.</summary>
    public bool RequireTls { get; init; } = true;
}
