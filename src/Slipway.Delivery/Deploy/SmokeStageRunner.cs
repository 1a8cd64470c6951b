using System.Globalization;
using Serilog;

namespace Slipway.Delivery.Deploy;

/// <summary>
/// One stage of an environment's smoke suite against a new version, as every orchestrator runs it: the stage's checks
/// sent through the edge (by its preview route to a server not yet in rotation, or to the public endpoint), each logged
/// and kept in the operation's record. What a failure means is the caller's: the stage's place in its sequence decides it.
/// </summary>
internal static class SmokeStageRunner
{
    /// <summary>Runs the checks of <paramref name="stage"/>; returns what failed, or null when every one passed.</summary>
    /// <param name="previewServer">The edge server the preview route sends the checks to; null: the public endpoint.</param>
    public static async Task<string?> RunAsync(DeployHost host, LockedOperation operation, IReadOnlyList<SmokeCheck> checks, SmokeStages stage, string version,
        string? previewServer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(checks);
        Log.Information("Smoke-testing {Version} through {Route}: {Checks}", version, previewServer is null ? "the public endpoint" : $"the preview route to {previewServer}",
            string.Join(", ", checks.Where(c => c.Stages.HasFlag(stage)).Select(c => c.Name)));
        var records = await SmokeSuite.RunAsync(checks, stage, SmokeSuite.Marker(operation.Id, stage),
            (request, token) => host.SendThroughEdgeAsync(request, previewServer, token), cancellationToken);
        operation.Note(r => r with { Smoke = [.. r.Smoke ?? [], .. records] });
        foreach (var record in records)
        {
            Log.Information("  {Verdict} {Name} ({Stage}){Status}{Reason}", record.Verdict, record.Name, record.Stage,
                record.Status is { } status ? string.Create(CultureInfo.InvariantCulture, $": HTTP {status} in {record.DurationMs} ms") : string.Empty,
                record.Reason is { } reason ? $" — {reason}" : string.Empty);
        }

        return SmokeSuite.DescribeFailure(records);
    }
}
