namespace Slipway.Engine.Tests.Builds;

internal sealed class CycleBuild : SlipwayBuild
{
    Target A => _ => _.DependsOn(B).Executes(() => { });

    Target B => _ => _.DependsOn(C).Executes(() => { });

    Target C => _ => _.DependsOn(A).Executes(() => { });
}

internal interface IFirstComponent : ISlipwayBuild
{
    Target Publish => _ => _.Executes(() => { });
}

internal interface ISecondComponent : ISlipwayBuild
{
    Target Publish => _ => _.Executes(() => { });
}

internal sealed class DuplicateBuild : SlipwayBuild, IFirstComponent, ISecondComponent
{
    Target Compile => _ => _.Executes(() => { });
}

internal sealed class CaseDuplicateBuild : SlipwayBuild
{
    Target Deploy => _ => _.Executes(() => { });

#pragma warning disable IDE1006 // The lower-case name is the point of the test.
    Target deploy => _ => _.Executes(() => { });
#pragma warning restore IDE1006
}
