using Slipway.Delivery.Components;
using Slipway.Engine;

/// <summary>
/// The pipeline: which targets exist, in which order, with which parameters. Which CI workflows run them is in
/// Build.GitHubActions.cs. Stage logic lives in the components
/// (src/Slipway.Delivery); stages whose issues have not landed fail with "not implemented yet" rather than pretend.
/// </summary>
sealed partial class Build : SlipwayBuild, IRestore, ICompile, ILint, ITest, IScan, IVersion, ILocalInfra, IDockerBuild, IPush, IRelease
{
    public static int Main() => Execute<Build>(x => x.Test);

    [Parameter("Environment to deploy to or roll back")] readonly DeployEnvironment? Environment;

    Target Restore => _ => _.Inherit<IRestore>();
    Target Compile => _ => _.Inherit<ICompile>();
    Target Lint => _ => _.Inherit<ILint>();
    Target Test => _ => _.Inherit<ITest>();
    Target Scan => _ => _.Inherit<IScan>();
    Target DockerBuild => _ => _.Inherit<IDockerBuild>().DependsOn(Lint, Test, Scan);
    Target Push => _ => _.Inherit<IPush>();
    Target DeployStaging => _ => _
        .Description("Deploy the pushed image to staging with zero downtime")
        .DependsOn(Push)
        .Executes(() => NotImplementedYet(nameof(DeployStaging), 8));
    Target DeployProduction => _ => _
        .Description("Deploy the released image to production")
        .DependsOn(Push)
        .After(DeployStaging)
        .Executes(() => NotImplementedYet(nameof(DeployProduction), 8));
    Target Rollback => _ => _
        .Description("Switch an environment back to a retained version")
        .Requires(() => Environment)
        .Executes(() => NotImplementedYet(nameof(Rollback), 8));
    Target Release => _ => _.Inherit<IRelease>();

    static void NotImplementedYet(string target, int issue) =>
        throw new BuildFailedException($"{target} is not implemented yet (issue #{issue}).");
}
