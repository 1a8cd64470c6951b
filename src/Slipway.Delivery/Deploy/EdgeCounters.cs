namespace Slipway.Delivery.Deploy;

/// <summary>
/// Cumulative response and error counts read from the edge, carried across an edge restart: HAProxy's counters begin
/// again at zero when it restarts, so a drop means a restart, and what was counted before it carries over. Pure; the
/// bake, the canary's analysis and Monitor all read their counters through it.
/// </summary>
internal sealed class EdgeCounters
{
    private (long Total, long Errors)? last;
    private long carriedTotal;
    private long carriedErrors;

    /// <summary>Adds one reading of the edge's counters; returns the counts since the first reading, restarts included.</summary>
    public (long Total, long Errors) Add(long total, long errors)
    {
        if (last is { } previous && (total < previous.Total || errors < previous.Errors))
        {
            carriedTotal += previous.Total;
            carriedErrors += previous.Errors;
        }

        last = (total, errors);
        return (total + carriedTotal, errors + carriedErrors);
    }
}
