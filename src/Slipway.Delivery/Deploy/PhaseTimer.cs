using System.Diagnostics;
using Serilog;

namespace Slipway.Delivery.Deploy;

/// <summary>Times the phases of a deploy or rollback one after the other, for the log and the summary's phase list.</summary>
internal sealed class PhaseTimer(DeployKind kind)
{
    private readonly Stopwatch stopwatch = Stopwatch.StartNew();
    private readonly List<(string Phase, TimeSpan Duration)> phases = [];

    public IReadOnlyList<(string Phase, TimeSpan Duration)> Phases => phases;

    /// <summary>Ends the running phase under <paramref name="name"/> and starts the next.</summary>
    public void End(string name)
    {
        phases.Add((name, stopwatch.Elapsed));
        Log.Information("{Kind} phase {Phase}: {Seconds:0.00} s", kind, name, stopwatch.Elapsed.TotalSeconds);
        stopwatch.Restart();
    }
}
