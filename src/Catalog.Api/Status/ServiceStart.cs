namespace Catalog.Api.Status;

/// <summary>When this instance started, for <c>/status</c>'s startedAt and uptime.</summary>
internal sealed record ServiceStart(DateTimeOffset StartedAt);
