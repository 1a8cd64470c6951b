using Slipway.Delivery.Components;
using Slipway.Engine;

/// <summary>
/// The pipeline: which targets exist, in which order, with which parameters. Stage logic lives in the components
/// (src/Slipway.Delivery); stages whose issues have not landed fail with "not implemented yet" rather than pretend.
/// </summary>
sealed partial class Build : SlipwayBuild, IRestore, ICompile, ILint, ITest, IScan
{
    public static int Main() => Execute<Build>(x => x.Test);

    [Parameter("Version to release, e.g. 1.4.0")] readonly string? Version;
    [Parameter("Environment to deploy to or roll back")] readonly DeployEnvironment? Environment;

    Target Restore => _ => _.Inherit<IRestore>();
    Target Compile => _ => _.Inherit<ICompile>();
    Target Lint => _ => _.Inherit<ILint>();
    Target Test => _ => _.Inherit<ITest>();
    Target Scan => _ => _.Inherit<IScan>();
    Target DockerBuild => _ => _
        .Description("Build the service's container image")
        .DependsOn(Lint, Test, Scan)
        .Executes(() => NotImplementedYet(nameof(DockerBuild), 5));
    Target Push => _ => _
        .Description("Push the image to the registry and record its digest")
        .DependsOn(DockerBuild)
        .Executes(() => NotImplementedYet(nameof(Push), 5));
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
    Target Release => _ => _
        .Description("Tag a release, write the changelog, create the GitHub release")
        .Requires(() => Version)
        .Executes(() => NotImplementedYet(nameof(Release), 6));

    static void NotImplementedYet(string target, int issue) =>
        throw new BuildFailedException($"{target} is not implemented yet (issue #{issue}).");
}
