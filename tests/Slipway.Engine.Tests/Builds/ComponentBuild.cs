namespace Slipway.Engine.Tests.Builds;

internal interface IRestoreComponent : ISlipwayBuild
{
    Target Restore => _ => _.Description("Restore from the component").Executes(() => ComponentBuild.LastRun.Add("Restore"));
}

internal interface ICompileComponent : IRestoreComponent
{
    [Parameter("Configuration from the component")]
    string Configuration => this.GetParameter<string>() ?? "Debug";

    Target Compile => _ => _
        .Description("Compile from the component")
        .DependsOn<IRestoreComponent>()
        .Executes(() => ComponentBuild.LastRun.Add("Compile:" + Configuration));
}

internal interface ITestComponent : ICompileComponent
{
    Target Test => _ => _.DependsOn<ICompileComponent>().Executes(() => ComponentBuild.LastRun.Add("Test"));
}

/// <summary>Composes components: inherits Restore and Compile as they are, extends Test.</summary>
internal sealed class ComponentBuild : SlipwayBuild, IRestoreComponent, ICompileComponent, ITestComponent
{
    public static List<string> LastRun { get; } = [];

    Target Test => _ => _
        .Inherit<ITestComponent>()
        .Description("Test, extended by the build")
        .Executes(() => LastRun.Add("Test:extended"));
}
