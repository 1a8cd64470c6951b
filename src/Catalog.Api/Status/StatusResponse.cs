namespace Catalog.Api.Status;

/// <summary>The body of <c>/status</c>: which build runs where, since when. The deploy's version probe reads it.</summary>
/// <param name="Uptime">Elapsed time since start as d.hh:mm:ss.</param>
/// <param name="UptimeSeconds">The same in seconds, for machines.</param>
internal sealed record StatusResponse(
    string Service,
    string Version,
    string Commit,
    string Environment,
    DateTimeOffset StartedAt,
    string Uptime,
    double UptimeSeconds);
