namespace Slipway.Engine.Hosts;

/// <summary>The outcome of a run: every planned target's status and duration, notes from stages, the exit code.</summary>
public sealed record BuildSummary(IReadOnlyList<ExecutableTarget> Targets, TimeSpan TotalDuration, int ExitCode, IReadOnlyList<string> Notes)
{
    public bool Succeeded => ExitCode == ExitCodes.Success;

    /// <summary>Each target's duration change against the previous run (ModularPipelines' Δ), where both runs have one.</summary>
    public IReadOnlyDictionary<string, TimeSpan> Changes { get; init; } = new Dictionary<string, TimeSpan>();

    /// <summary>The whole run's duration change against the previous run, when there was one.</summary>
    public TimeSpan? TotalChange { get; init; }

    public static string FormatChange(TimeSpan change) =>
        (change < TimeSpan.Zero ? "-" : "+") + FormatDuration(change.Duration());

    public static string Describe(ExecutableTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.Status switch
        {
            TargetStatus.Skipped => target.SkipReason ?? string.Empty,
            TargetStatus.Failed => FirstLine(target.Error?.Message),
            TargetStatus.NotRun => "an earlier target failed",
            TargetStatus.Cached => $"up to date: inputs unchanged since run {target.CachedFromRun}",
            _ => string.Empty,
        };
    }

    public static string FormatDuration(TimeSpan duration) =>
        duration.TotalMinutes >= 1 ? $"{(int)duration.TotalMinutes}:{duration.Seconds:00}" : $"{duration.TotalSeconds:0.0}s";

    private static string FirstLine(string? text) => (text ?? string.Empty).Split('\n')[0].Trim();
}
