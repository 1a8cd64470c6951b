namespace Slipway.Delivery.Deploy;

/// <summary>One request from the edge's HTTP access log: when Docker received the line, which slot served it, how long the server took, the status.</summary>
internal sealed record AccessLogEntry(DateTimeOffset Timestamp, string Backend, string Server, int ServerResponseMilliseconds, int Status);
