namespace Slipway.Engine.Reporting;

/// <summary>What a run was asked to do, as the report records it.</summary>
internal sealed record RunSettings(string RunId, DateTimeOffset StartedUtc, IReadOnlyList<string> Invoked, int Parallelism, bool CacheEnabled);
