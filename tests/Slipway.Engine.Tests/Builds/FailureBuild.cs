namespace Slipway.Engine.Tests.Builds;

/// <summary>Failure handling: ProceedAfterFailure, AssuredAfterFailure, exit codes chosen by the failing target.</summary>
internal sealed class FailureBuild : SlipwayBuild
{
    public static List<string> LastRun { get; } = [];

    [Parameter("Exit code the Deploy target fails with")] readonly int DeployExitCode;

    Target Flaky => _ => _.ProceedAfterFailure().Executes(() => Fail(nameof(Flaky)));

    Target Independent => _ => _.Executes(() => LastRun.Add(nameof(Independent)));

    Target NeedsFlaky => _ => _.DependsOn(Flaky).Executes(() => LastRun.Add(nameof(NeedsFlaky)));

    Target Broken => _ => _.Executes(() => Fail(nameof(Broken)));

    Target After => _ => _.DependsOn(Broken).Executes(() => LastRun.Add(nameof(After)));

    Target Cleanup => _ => _.AssuredAfterFailure().After(Broken, Flaky, NeedsFlaky, Independent).Executes(() => LastRun.Add(nameof(Cleanup)));

    Target Deploy => _ => _.Executes(() => throw new BuildFailedException(DeployExitCode, "health gate failed"));

    Target Async => _ => _.Executes(async () =>
    {
        await Task.Delay(10);
        throw new InvalidOperationException("async boom");
    });

    static void Fail(string name)
    {
        LastRun.Add(name);
        throw new InvalidOperationException($"{name} exploded");
    }
}
