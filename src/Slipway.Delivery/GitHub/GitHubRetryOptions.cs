namespace Slipway.Delivery.GitHub;

/// <summary>
/// How <see cref="GitHubClient"/> waits and retries. The defaults follow GitHub's guidance (honour retry-after and
/// x-ratelimit-reset, wait at least a minute on a secondary rate limit, back off exponentially); tests shrink nothing
/// here but pass a <see cref="TimeProvider"/> that records the waits and skips them.
/// </summary>
internal sealed record GitHubRetryOptions
{
    public static GitHubRetryOptions Default { get; } = new();

    /// <summary>Retries after the first attempt, for rate limits, 5xx answers and network errors alike.</summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>First wait after a 5xx or a network error; doubles with each retry.</summary>
    public TimeSpan ServerErrorDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>First wait after a secondary rate limit without retry-after (GitHub: "at least one minute"); doubles.</summary>
    public TimeSpan SecondaryRateLimitDelay { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest single wait accepted; a rate limit that resets later fails at once with the reset time.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The clock and timer for waits and for reading x-ratelimit-reset.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
