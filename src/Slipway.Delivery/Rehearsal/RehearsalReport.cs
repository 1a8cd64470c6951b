using System.Globalization;
using System.Text;

namespace Slipway.Delivery.Rehearsal;

/// <summary>What a rehearsal reports: each phase's time and failed requests, and every failed request with its time.</summary>
internal sealed record RehearsalReport(string Environment, IReadOnlyList<RehearsalPhase> Phases, IReadOnlyList<(TimeSpan At, string What)> Failures)
{
    public TimeSpan Total => Phases.Aggregate(TimeSpan.Zero, (sum, phase) => sum + phase.Duration);

    public int Requests => Phases.Sum(p => p.Requests);

    public string Describe()
    {
        var text = new StringBuilder().AppendLine(CultureInfo.InvariantCulture, $"Rehearsal of {Environment}: {Requests} requests, {Failures.Count} failed, {Seconds(Total)} in all");
        foreach (var (phase, index) in Phases.Select((p, i) => (p, i + 1)))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {index}. {phase.Name}: {Seconds(phase.Duration)}, {phase.Requests} requests, {phase.FailedRequests} failed — {phase.Outcome}");
        }

        // Every failed request, as runs of the same failure, so a team sees when users felt the broken build and
        // whether anything else failed, without thousands of lines.
        foreach (var run in Runs(Failures))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  failed from {Seconds(run.From)} to {Seconds(run.To)}: {run.What} x{run.Count}");
        }

        return text.ToString().TrimEnd();
    }

    private static IEnumerable<(TimeSpan From, TimeSpan To, string What, int Count)> Runs(IReadOnlyList<(TimeSpan At, string What)> failures)
    {
        (TimeSpan From, TimeSpan To, string What, int Count)? run = null;
        foreach (var (at, what) in failures.OrderBy(f => f.At))
        {
            if (run is { } current && current.What == what)
            {
                run = current with { To = at, Count = current.Count + 1 };
                continue;
            }

            if (run is { } finished)
            {
                yield return finished;
            }

            run = (at, at, what, 1);
        }

        if (run is { } last)
        {
            yield return last;
        }
    }

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
}
