namespace Slipway.Engine.Reporting;

/// <summary>One target in a run report: how it ended, how long it took, and the change from the previous run.</summary>
internal sealed record TargetReport(
    string Name,
    string Status,
    double DurationSeconds,
    string? CachedFromRun,
    string? Details,
    double? ChangeSeconds);
