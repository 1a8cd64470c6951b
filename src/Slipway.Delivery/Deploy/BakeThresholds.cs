namespace Slipway.Delivery.Deploy;

/// <summary>When a freshly switched version counts as broken during its bake.</summary>
internal sealed record BakeThresholds
{
    /// <summary>Share of 5xx and broken responses (HAProxy's <c>hrsp_5xx</c> + <c>eresp</c>) above which the version is rolled back.</summary>
    public double MaxErrorRate { get; init; } = 0.05;

    /// <summary>95th percentile of the server response time (HAProxy's <c>Tr</c>) above which it is rolled back.</summary>
    public TimeSpan MaxP95Latency { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Responses a window needs before its rate or percentile is judged.</summary>
    public int MinimumRequests { get; init; } = 20;

    /// <summary>
    /// The sliding window rates and percentiles are computed over: short enough that a version failing late in a long
    /// bake is not diluted by its good start, long enough to hold a meaningful number of requests.
    /// </summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(10);

    public static BakeThresholds For(DeployEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return new BakeThresholds
        {
            MaxErrorRate = environment.MaxErrorRate,
            MaxP95Latency = environment.MaxP95Latency,
            MinimumRequests = environment.MinimumBakeRequests,
        };
    }
}
