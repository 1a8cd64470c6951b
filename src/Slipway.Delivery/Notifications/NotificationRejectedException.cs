namespace Slipway.Delivery.Notifications;

/// <summary>A receiver answered other than 2xx; 429 and 5xx are retried within the bound, after <see cref="RetryAfter"/> when it says.</summary>
/// <param name="answer">The start of the receiver's answer (Sentry and PagerDuty say what they refused), or empty.</param>
internal sealed class NotificationRejectedException(int statusCode, TimeSpan? retryAfter, string answer = "")
    : Exception(answer.Length > 0 ? $"HTTP {statusCode}: {answer}" : $"HTTP {statusCode}")
{
    public int StatusCode { get; } = statusCode;

    public TimeSpan? RetryAfter { get; } = retryAfter;

    public bool IsTransient => StatusCode == 429 || StatusCode >= 500;
}
