namespace Slipway.Delivery.Notifications;

/// <summary>A receiver answered other than 2xx; 429 and 5xx are retried within the bound, after <see cref="RetryAfter"/> when it says.</summary>
internal sealed class NotificationRejectedException(int statusCode, TimeSpan? retryAfter)
    : Exception($"HTTP {statusCode}")
{
    public int StatusCode { get; } = statusCode;

    public TimeSpan? RetryAfter { get; } = retryAfter;

    public bool IsTransient => StatusCode == 429 || StatusCode >= 500;
}
