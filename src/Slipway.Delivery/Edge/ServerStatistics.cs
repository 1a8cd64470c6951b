namespace Slipway.Delivery.Edge;

/// <summary>
/// One server's row of <c>show stat</c> (CSV), with the columns a deploy gates on. Counters are cumulative since the
/// edge (re)started; averages are HAProxy's, over the last 1024 requests.
/// </summary>
internal sealed record ServerStatistics
{
    public required string Backend { get; init; }

    public required string Server { get; init; }

    /// <summary>HAProxy's status text: <c>UP</c>, <c>DOWN</c>, <c>DRAIN</c>, <c>MAINT</c>, <c>UP 1/2</c> (going down), <c>DOWN 1/3</c> (going up)...</summary>
    public required string Status { get; init; }

    /// <summary>The server's address as <c>ip:port</c>, as HAProxy uses it now.</summary>
    public string? Address { get; init; }

    /// <summary>Requests in progress on this server right now (<c>scur</c>); zero means a drained slot is idle.</summary>
    public long CurrentSessions { get; init; }

    /// <summary>Requests waiting in this server's queue (<c>qcur</c>).</summary>
    public long QueuedRequests { get; init; }

    public long TotalSessions { get; init; }

    public long Responses1xx { get; init; }

    public long Responses2xx { get; init; }

    public long Responses3xx { get; init; }

    public long Responses4xx { get; init; }

    public long Responses5xx { get; init; }

    /// <summary>Connection errors to this server (<c>econ</c>).</summary>
    public long ConnectionErrors { get; init; }

    /// <summary>Response errors from this server (<c>eresp</c>).</summary>
    public long ResponseErrors { get; init; }

    /// <summary>Connections opened to this server (<c>connect</c>).</summary>
    public long ConnectionsOpened { get; init; }

    /// <summary>Requests sent over an idle connection that was reused (<c>reuse</c>).</summary>
    public long ConnectionsReused { get; init; }

    /// <summary>Average response time in ms (<c>rtime</c>).</summary>
    public long AverageResponseTimeMs { get; init; }

    /// <summary>Average total session time in ms (<c>ttime</c>).</summary>
    public long AverageTotalTimeMs { get; init; }

    /// <summary>Result of the last health check (<c>L7OK</c>, <c>L7STS</c>, <c>L4CON</c>, <c>INI</c>...), without HAProxy's in-progress marker.</summary>
    public string? CheckStatus { get; init; }

    /// <summary>HTTP status of the last health check, if it got one.</summary>
    public int? CheckCode { get; init; }

    /// <summary>Failed checks counted while the server was up (<c>chkfail</c>).</summary>
    public long ChecksFailed { get; init; }

    /// <summary>UP→DOWN transitions (<c>chkdown</c>).</summary>
    public long ChecksDown { get; init; }

    /// <summary>Seconds since the last UP/DOWN transition (<c>lastchg</c>).</summary>
    public long? SecondsSinceLastChange { get; init; }

    public int? CheckRise { get; init; }

    public int? CheckFall { get; init; }

    /// <summary>HAProxy's health counter, 0 to rise+fall-1; the server is up at rise and above.</summary>
    public int? CheckHealth { get; init; }

    /// <summary>Whether the last health check passed at layer 4, 6 or 7.</summary>
    public bool LastCheckPassed => CheckStatus is "L7OK" or "L7OKC" or "L6OK" or "L4OK";

    public long ResponsesTotal => Responses1xx + Responses2xx + Responses3xx + Responses4xx + Responses5xx;

    /// <summary>
    /// The rows of a slot's replicas as one: counters, sessions and queues added up; status and checks of the first
    /// (the slot's own server). Null when no row is given.
    /// </summary>
    public static ServerStatistics? Sum(IReadOnlyList<ServerStatistics> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count <= 1)
        {
            return rows.Count == 0 ? null : rows[0];
        }

        return rows[0] with
        {
            CurrentSessions = rows.Sum(r => r.CurrentSessions),
            QueuedRequests = rows.Sum(r => r.QueuedRequests),
            TotalSessions = rows.Sum(r => r.TotalSessions),
            Responses1xx = rows.Sum(r => r.Responses1xx),
            Responses2xx = rows.Sum(r => r.Responses2xx),
            Responses3xx = rows.Sum(r => r.Responses3xx),
            Responses4xx = rows.Sum(r => r.Responses4xx),
            Responses5xx = rows.Sum(r => r.Responses5xx),
            ConnectionErrors = rows.Sum(r => r.ConnectionErrors),
            ResponseErrors = rows.Sum(r => r.ResponseErrors),
            ConnectionsOpened = rows.Sum(r => r.ConnectionsOpened),
            ConnectionsReused = rows.Sum(r => r.ConnectionsReused),
            ChecksFailed = rows.Sum(r => r.ChecksFailed),
            ChecksDown = rows.Sum(r => r.ChecksDown),
        };
    }
}
