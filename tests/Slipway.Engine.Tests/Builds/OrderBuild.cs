namespace Slipway.Engine.Tests.Builds;

/// <summary>Targets that record the order in which they ran.</summary>
internal sealed class OrderBuild : SlipwayBuild
{
    public static List<string> LastRun { get; } = [];

    Target Clean => _ => _.Executes(() => Record(nameof(Clean)));

    Target Restore => _ => _.Executes(() => Record(nameof(Restore)));

    public Target Compile => _ => _.DependsOn(Restore).Executes(() => Record(nameof(Compile)));

    Target Lint => _ => _.DependsOn(Restore).Executes(() => Record(nameof(Lint)));

    Target Test => _ => _.DependsOn(Compile).After(Lint).Executes(() => Record(nameof(Test)));

    Target Pack => _ => _.DependsOn(Compile).Before(Clean).Triggers(Notify).Executes(() => Record(nameof(Pack)));

    Target Notify => _ => _.Executes(() => Record(nameof(Notify)));

    Target Publish => _ => _.DependentFor(Pack).Executes(() => Record(nameof(Publish)));

    Target Report => _ => _.TriggeredBy(Test).Executes(() => Record(nameof(Report)));

    Target All => _ => _.DependsOn(Test, Lint, Pack);

    static void Record(string name) => LastRun.Add(name);
}
