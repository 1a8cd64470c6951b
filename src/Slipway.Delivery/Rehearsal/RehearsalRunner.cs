using System.Diagnostics;
using Serilog;
using Slipway.Delivery.Deploy;
using Slipway.Engine;

namespace Slipway.Delivery.Rehearsal;

/// <summary>
/// A rehearsal of the delivery path (seed 004's pipeline self-test): the current version deployed, a deliberately
/// broken build of it deployed and rolled back automatically (the deploy must exit 11), a rollback by hand to the
/// version before, and a second one back to the current version so the environment ends as it began. Each phase is
/// timed and the load counted, so a team learns how long its rollbacks take and whether users saw failures — before an
/// incident needs them.
/// </summary>
internal sealed class RehearsalRunner(RehearsalLoad load)
{
    private readonly List<RehearsalPhase> phases = [];

    /// <summary>Runs every phase and returns the report; throws (exit 1) after the report when the broken build was not rolled back automatically.</summary>
    public async Task<RehearsalReport> RunAsync(string environment, DeployImage current, RehearsalSteps steps)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(steps);
        await PhaseAsync("deploy the current version", async () => Describe(await steps.Deploy(current)));
        var broken = current;
        await PhaseAsync("build the broken build", async () =>
        {
            broken = await steps.BuildBroken(current);
            return broken.Reference;
        });
        var caught = false;
        await PhaseAsync("deploy the broken build, expect it stopped (smoke tests) or rolled back (bake)", async () =>
        {
            try
            {
                return "NOT rolled back: " + Describe(await steps.Deploy(broken));
            }
            catch (BuildFailedException exception) when (exception.ExitCode == ExitCodes.RolledBack)
            {
                caught = true;
                return $"rolled back automatically (exit {exception.ExitCode})";
            }
            catch (BuildFailedException exception) when (exception.ExitCode == ExitCodes.DeployAborted)
            {
                // A smoke suite (or the gate) stops it before the switch: no user ever met it, which beats a rollback.
                caught = true;
                return $"stopped before it took traffic (exit {exception.ExitCode}): {exception.Message.Split('\n')[0].Trim()}";
            }
        });
        if (steps.Rollback is { } rollback)
        {
            await PhaseAsync("roll back by hand", async () => Describe(await rollback(null)));
            await PhaseAsync("roll back by hand to the current version", async () => Describe(await rollback(current.Digest)));
        }
        else
        {
            Log.Information("{Environment} never served an earlier version, so there is none to roll back to by hand: the phases that would are left out", environment);
        }

        var report = new RehearsalReport(environment, phases, load.Failures);
        if (!caught)
        {
            Log.Error("{Report}", report.Describe());
            throw new BuildFailedException(
                $"The broken build {broken.Reference} stayed live in {environment}: neither the smoke tests nor the bake caught it, so neither would catch a real one. " +
                "Check the environment's bake thresholds (docs/deploy.md) and that --rehearsal-fault really makes the app fail.");
        }

        return report;
    }

    private static string Describe(DeployOutcome? outcome) =>
        outcome is null ? "nothing changed" : $"{outcome.Record.PreviousVersion ?? "nothing"} -> {outcome.Record.Version} ({outcome.Record.Result})";

    private async Task PhaseAsync(string name, Func<Task<string>> step)
    {
        Log.Information("Rehearsal: {Phase}", name);
        var requests = load.Requests;
        var failed = load.Failures.Count;
        var clock = Stopwatch.StartNew();
        var outcome = await step();
        phases.Add(new RehearsalPhase(name, clock.Elapsed, load.Requests - requests, load.Failures.Count - failed, outcome));
    }
}
