using Slipway.Engine.Execution;
using Slipway.Engine.Hosts;

namespace Slipway.Engine;

/// <summary>
/// Progress inside a long step (an image build, a push, a readiness gate, a bake), from code that has no host at hand:
/// <c>BuildProgress.Report("gate 2/3")</c> goes to the host of the running build, for the target whose code calls it,
/// and shows in the terminal's live status line. Outside a build, or in CI and redirected output, it goes nowhere.
/// </summary>
public static class BuildProgress
{
    private static volatile BuildHost? host;

    public static void Report(string text)
    {
        if (host is { } current && TargetScope.Current is { } target && !string.IsNullOrWhiteSpace(text))
        {
            current.ReportProgress(target, text);
        }
    }

    /// <summary>The host of the run in progress (one per process at a time); null when it ends.</summary>
    internal static void Attach(BuildHost? runHost) => host = runHost;
}
