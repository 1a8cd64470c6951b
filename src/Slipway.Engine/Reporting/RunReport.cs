namespace Slipway.Engine.Reporting;

/// <summary>
/// One run of the build as data (<c>artifacts/run-report.json</c>, and the last runs under <c>.nuke/temp/runs</c>):
/// what was asked, how each target ended, cache hits, the exit code, and the change against the previous run.
/// </summary>
internal sealed record RunReport(
    string RunId,
    DateTimeOffset StartedUtc,
    double DurationSeconds,
    int ExitCode,
    IReadOnlyList<string> Invoked,
    int Parallelism,
    bool CacheEnabled,
    int CacheHits,
    string EngineVersion,
    string Runtime,
    IReadOnlyList<TargetReport> Targets,
    string? PreviousRunId,
    double? DurationChangeSeconds);
