namespace Slipway.Delivery.GitHub;

/// <summary>Whether and how long to wait before trying a GitHub request again, and why (for the log and the error).</summary>
internal sealed record GitHubRetryAdvice(bool Retry, TimeSpan Delay, string Reason, bool IsRateLimit)
{
    public static GitHubRetryAdvice Final(string reason, bool isRateLimit = false) => new(false, TimeSpan.Zero, reason, isRateLimit);
}
