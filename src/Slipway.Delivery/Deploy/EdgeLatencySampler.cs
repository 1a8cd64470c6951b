namespace Slipway.Delivery.Deploy;

/// <summary>
/// Reads the response times of the requests the edge logged since the last read (Docker's timestamps, the host's
/// clock, so the reading machine's clock never matters). Each read takes at most the last lines, so a busy edge is
/// sampled rather than read in full. Shared by the bake, the canary's analysis and Monitor.
/// </summary>
internal sealed class EdgeLatencySampler(DeployHost host)
{
    private const int LinesPerRead = 2000;

    private DateTimeOffset? cursor;

    /// <summary>Starts from now: only requests logged after this call are read.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var line = (await host.EdgeLogAsync(1, cancellationToken))?.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        cursor = line is null ? null : AccessLogParser.ParseDockerTimestamp(line.Split(' ')[0]);
    }

    /// <summary>The requests of the app backend logged since the last read, optionally of one slot's servers (every replica) only.</summary>
    public async Task<IReadOnlyList<AccessLogEntry>> ReadAsync(Edge.EdgeSlot? slot = null, CancellationToken cancellationToken = default)
    {
        if (await host.EdgeLogAsync(LinesPerRead, cancellationToken) is not { } log)
        {
            return [];
        }

        var entries = AccessLogParser.Parse(log)
            .Where(e => e.Backend == Edge.EdgeNames.AppBackend && (slot is null || Edge.EdgeSlotExtensions.FromServerName(e.Server) == slot) && (cursor is null || e.Timestamp > cursor))
            .ToList();
        if (entries.Count > 0)
        {
            cursor = entries.Max(e => e.Timestamp);
        }

        return entries;
    }
}
