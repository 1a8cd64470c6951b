namespace Slipway.Engine.Tests.Builds;

internal sealed class ConditionBuild : SlipwayBuild
{
    public static List<string> LastRun { get; } = [];

    [Parameter("Whether to publish")] readonly bool ShouldPublish;
    [Parameter("Version to release")] readonly string? Version;
    [Parameter("Minimum coverage")] readonly int CoverageThreshold = 80;

    bool dynamicFlag;

    Target Prepare => _ => _.Executes(() =>
    {
        LastRun.Add(nameof(Prepare));
        dynamicFlag = false;
    });

    Target PackOnlyForPublish => _ => _.Executes(() => LastRun.Add(nameof(PackOnlyForPublish)));

    Target Publish => _ => _
        .DependsOn(PackOnlyForPublish)
        .OnlyWhenStatic(() => ShouldPublish)
        .Executes(() => LastRun.Add(nameof(Publish)));

    Target Announce => _ => _
        .DependsOn(Prepare)
        .OnlyWhenDynamic(() => dynamicFlag)
        .Executes(() => LastRun.Add(nameof(Announce)));

    Target Release => _ => _
        .Requires(() => Version)
        .Executes(() => LastRun.Add(nameof(Release)));

    Target Gate => _ => _
        .Requires(() => CoverageThreshold > 0)
        .Executes(() => LastRun.Add(nameof(Gate)));

    Target Everything => _ => _.DependsOn(Publish, Announce);

    // A gate the quick path skips when it is the target asked for, not when it is only reached through another.
    Target SlowGate => _ => _
        .OnlyWhenStatic(() => !Context.InvokedTargets.Contains(nameof(QuickLook)))
        .Executes(() => LastRun.Add(nameof(SlowGate)));

    Target Image => _ => _.DependsOn(SlowGate).Executes(() => LastRun.Add(nameof(Image)));

    Target QuickLook => _ => _.DependsOn(Image).Executes(() => LastRun.Add(nameof(QuickLook)));
}
