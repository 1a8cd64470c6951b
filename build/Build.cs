using Slipway.Delivery.Components;
using Slipway.Engine;

/// <summary>
/// The pipeline: which targets exist, in which order, with which parameters. Which CI workflows run them is in
/// Build.GitHubActions.cs; the environments are declared by the deploy component (docs/deploy.md). Stage logic lives in
/// the components (src/Slipway.Delivery); stages whose issues have not landed fail with "not implemented yet".
/// </summary>
sealed partial class Build : SlipwayBuild, IRestore, ICompile, ITest, IVersion, ILocalInfra, IDockerBuild, IPush, IDeploy, IRollback, IRelease
{
    public static int Main() => Execute<Build>(x => x.Test);

    [Parameter("Environment to deploy to or roll back")] readonly DeployEnvironment? Environment;

    Target Restore => _ => _.Inherit<IRestore>();
    Target Compile => _ => _.Inherit<ICompile>();
    Target Lint => _ => _
        .Description("Check formatting, analyzers and shell scripts")
        .DependsOn(Restore)
        .Executes(() => NotImplementedYet(nameof(Lint), 4));
    Target Test => _ => _.Inherit<ITest>();
    Target Scan => _ => _
        .Description("Static security analysis, vulnerable and denied dependencies, secrets")
        .DependsOn(Restore)
        .Executes(() => NotImplementedYet(nameof(Scan), 4));
    Target DockerBuild => _ => _.Inherit<IDockerBuild>().DependsOn(Lint, Test, Scan).After<ILocalInfra>();
    Target Push => _ => _.Inherit<IPush>();
    Target DeployStaging => _ => _.Inherit<IDeploy>();
    Target DeployProduction => _ => _.Inherit<IDeploy>();
    Target Rollback => _ => _.Inherit<IRollback>();
    Target Release => _ => _.Inherit<IRelease>();

    static void NotImplementedYet(string target, int issue) =>
        throw new BuildFailedException($"{target} is not implemented yet (issue #{issue}).");
}
