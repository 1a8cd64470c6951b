namespace Slipway.Delivery.Image;

/// <summary>How often and how patiently a push is retried on transient registry errors.</summary>
internal sealed record PushRetryOptions
{
    public static readonly PushRetryOptions Default = new();

    /// <summary>Tries after the first one.</summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>First wait; each next one doubles (with jitter): 2, 4, 8, 16 s by default.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(2);
}
