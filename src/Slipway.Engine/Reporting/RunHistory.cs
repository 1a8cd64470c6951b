using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json;
using Slipway.Engine.Hosts;
using Slipway.Engine.IO;

namespace Slipway.Engine.Reporting;

/// <summary>
/// The last <see cref="Kept"/> run reports under <c>.nuke/temp/runs</c>, newest first, and the report of this run in
/// <c>artifacts/run-report.json</c>. What the summary's Δ column and the live view's ETAs are computed from.
/// </summary>
internal sealed class RunHistory(AbsolutePath root)
{
    public const int Kept = 20;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private AbsolutePath Directory => root / ".nuke" / "temp" / "runs";

    public AbsolutePath ReportFile => root / "artifacts" / "run-report.json";

    /// <summary>Earlier runs, newest first; an unreadable report is left out (history only informs).</summary>
    public IReadOnlyList<RunReport> Load()
    {
        if (!Directory.DirectoryExists)
        {
            return [];
        }

        return [.. System.IO.Directory.EnumerateFiles(Directory, "*.json")
            .Order(StringComparer.Ordinal)
            .Reverse()
            .Select(TryRead)
            .OfType<RunReport>()];
    }

    public void Save(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var json = JsonSerializer.Serialize(report, Json);
        Directory.CreateDirectory();
        File.WriteAllText(Directory / (report.RunId + ".json"), json);
        ReportFile.Parent?.CreateDirectory();
        File.WriteAllText(ReportFile, json);
        foreach (var old in System.IO.Directory.EnumerateFiles(Directory, "*.json").Order(StringComparer.Ordinal).Reverse().Skip(Kept))
        {
            File.Delete(old);
        }
    }

    /// <summary>The report of a finished run, with each target's change against the same target in <paramref name="previous"/>.</summary>
    public static RunReport Create(BuildSummary summary, RunSettings run, RunReport? previous)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(run);
        var targets = summary.Targets.Select(t =>
        {
            var duration = HasDuration(t.Status) ? t.Duration.TotalSeconds : 0;
            var before = previous?.Targets.FirstOrDefault(p => p.Name == t.Name);
            double? change = HasDuration(t.Status) && before is not null && HasDuration(before.Status)
                ? Math.Round(duration - before.DurationSeconds, 3)
                : null;
            var details = BuildSummary.Describe(t);
            return new TargetReport(t.Name, t.Status.ToString(), Math.Round(duration, 3), t.CachedFromRun, details.Length == 0 ? null : details, change);
        }).ToList();
        var total = Math.Round(summary.TotalDuration.TotalSeconds, 3);
        return new RunReport(
            run.RunId,
            run.StartedUtc,
            total,
            summary.ExitCode,
            run.Invoked,
            run.Parallelism,
            run.CacheEnabled,
            summary.Targets.Count(t => t.Status == TargetStatus.Cached),
            typeof(RunHistory).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown",
            RuntimeInformation.FrameworkDescription,
            targets,
            previous?.RunId,
            previous is null ? null : Math.Round(total - previous.DurationSeconds, 3));
    }

    /// <summary>How long each target took when it last really ran (not cached): the live view's estimate.</summary>
    public static IReadOnlyDictionary<string, TimeSpan> Estimates(IEnumerable<RunReport> newestFirst)
    {
        ArgumentNullException.ThrowIfNull(newestFirst);
        var estimates = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        foreach (var target in newestFirst.SelectMany(r => r.Targets).Where(t => t.Status == nameof(TargetStatus.Succeeded)))
        {
            estimates.TryAdd(target.Name, TimeSpan.FromSeconds(target.DurationSeconds));
        }

        return estimates;
    }

    private static bool HasDuration(TargetStatus status) =>
        status is TargetStatus.Succeeded or TargetStatus.Failed or TargetStatus.Collective or TargetStatus.Cached;

    private static bool HasDuration(string status) =>
        Enum.TryParse<TargetStatus>(status, out var parsed) && HasDuration(parsed);

    private static RunReport? TryRead(string file)
    {
        try
        {
            return JsonSerializer.Deserialize<RunReport>(File.ReadAllText(file), Json);
        }
        catch (Exception exception) when (exception is JsonException or IOException)
        {
            return null;
        }
    }
}
