using System.Globalization;
using System.Net.Http.Headers;

namespace Slipway.Delivery.GitHub;

/// <summary>
/// GitHub's rules for when to retry, as one pure function of an answer (docs: "Rate limits for the REST API" and
/// "Best practices"): honour <c>retry-after</c>; when <c>x-ratelimit-remaining</c> is 0 wait until
/// <c>x-ratelimit-reset</c>; on a secondary rate limit without either wait at least a minute, growing exponentially;
/// retry 5xx and network errors with a short exponential backoff; never retry other 4xx.
/// </summary>
internal static class GitHubRetryAdvisor
{
    public static GitHubRetryAdvice ForResponse(HttpResponseMessage response, string body, int retryNumber, GitHubRetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(options);
        var status = (int)response.StatusCode;
        if (status is 403 or 429)
        {
            return ForRateLimit(response, body ?? string.Empty, retryNumber, options);
        }

        if (status is 500 or 502 or 503 or 504)
        {
            return Limit(new GitHubRetryAdvice(true, Exponential(options.ServerErrorDelay, retryNumber), $"GitHub answered {status} {response.ReasonPhrase}", false), options);
        }

        return GitHubRetryAdvice.Final($"GitHub answered {status} {response.ReasonPhrase}");
    }

    public static GitHubRetryAdvice ForException(Exception exception, int retryNumber, GitHubRetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(options);
        return exception is HttpRequestException or TimeoutException or TaskCanceledException
            ? Limit(new GitHubRetryAdvice(true, Exponential(options.ServerErrorDelay, retryNumber), $"GitHub could not be reached ({exception.Message})", false), options)
            : GitHubRetryAdvice.Final(exception.Message);
    }

    private static GitHubRetryAdvice ForRateLimit(HttpResponseMessage response, string body, int retryNumber, GitHubRetryOptions options)
    {
        var now = options.TimeProvider.GetUtcNow();
        if (RetryAfter(response.Headers, now) is { } retryAfter)
        {
            return Limit(new GitHubRetryAdvice(true, retryAfter, $"GitHub asked to retry after {retryAfter.TotalSeconds:0}s (rate limit)", true), options);
        }

        if (Header(response.Headers, "x-ratelimit-remaining") == "0"
            && long.TryParse(Header(response.Headers, "x-ratelimit-reset"), NumberStyles.None, CultureInfo.InvariantCulture, out var resetSeconds))
        {
            var reset = DateTimeOffset.FromUnixTimeSeconds(resetSeconds);
            var wait = reset - now + TimeSpan.FromSeconds(1);
            return Limit(new GitHubRetryAdvice(true, wait < TimeSpan.Zero ? TimeSpan.Zero : wait, $"GitHub's rate limit is used up until {reset:HH:mm:ss} UTC", true), options);
        }

        if (body.Contains("secondary rate limit", StringComparison.OrdinalIgnoreCase))
        {
            return Limit(new GitHubRetryAdvice(true, Exponential(options.SecondaryRateLimitDelay, retryNumber), "GitHub's secondary rate limit was hit", true), options);
        }

        return GitHubRetryAdvice.Final($"GitHub answered {(int)response.StatusCode} {response.ReasonPhrase}");
    }

    private static GitHubRetryAdvice Limit(GitHubRetryAdvice advice, GitHubRetryOptions options) =>
        advice.Delay <= options.MaxDelay
            ? advice
            : advice with
            {
                Retry = false,
                Reason = $"{advice.Reason}; that is {advice.Delay.TotalMinutes:0.#} min away, longer than the {options.MaxDelay.TotalMinutes:0.#} min Slipway waits: re-run later",
            };

    private static TimeSpan Exponential(TimeSpan first, int retryNumber) =>
        TimeSpan.FromTicks(first.Ticks * (1L << Math.Clamp(retryNumber, 0, 16)));

    private static TimeSpan? RetryAfter(HttpResponseHeaders headers, DateTimeOffset now)
    {
        if (headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta)
            {
                return delta;
            }

            if (retryAfter.Date is { } date)
            {
                return date > now ? date - now : TimeSpan.Zero;
            }
        }

        return null;
    }

    private static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault()?.Trim() : null;
}
