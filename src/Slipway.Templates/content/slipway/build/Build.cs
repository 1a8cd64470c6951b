using Slipway.Delivery.Components;
using Slipway.Engine;

/// <summary>
/// The pipeline: which targets exist and in which order. The environments are in Build.Environments.cs, the image in
/// Build.Image.cs, the CI workflows in Build.GitHubActions.cs. Stage logic lives in the Slipway.Delivery components;
/// ./build.sh --help lists the targets and their parameters.
/// </summary>
sealed partial class Build : SlipwayBuild, IRestore, ICompile, ILint, ITest, IVersion, IDockerBuild, IPush, IPromote, IDeploy, IRollback
{
    public static int Main() => Execute<Build>(x => x.Test);

    Target Restore => _ => _.Inherit<IRestore>();
    Target Compile => _ => _.Inherit<ICompile>();
    Target Lint => _ => _.Inherit<ILint>();
    // Runs every tests/**/*.Tests.csproj with coverage (--coverage-threshold, 80 % by default).
    Target Test => _ => _.Inherit<ITest>();
    Target DockerBuild => _ => _.Inherit<IDockerBuild>().DependsOn(Lint, Test);
    Target Push => _ => _.Inherit<IPush>();
    Target DeployStaging => _ => _.Inherit<IDeploy>();
    Target Promote => _ => _.Inherit<IPromote>();
    Target DeployProduction => _ => _.Inherit<IDeploy>();
    Target Rollback => _ => _.Inherit<IRollback>();
}
