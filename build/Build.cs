using Slipway.Delivery.Components;
using Slipway.Engine;

/// <summary>
/// The pipeline: which targets exist, in which order, with which parameters. Which CI workflows run them is in
/// Build.GitHubActions.cs; the environments in Build.Environments.cs, the image in Build.Image.cs. Stage logic lives in
/// the components (src/Slipway.Delivery).
/// </summary>
sealed partial class Build : SlipwayBuild, IRestore, ICompile, ILint, ITest, IScan, IVersion, ILocalInfra, IDockerBuild, IPush, IPromote, IDeploy, IRollback, IRelease, INotifyCiFailure, ICheckPullRequest, IProvision, IMaintenance, IMonitor, IScale, IRehearse, IDemo, IAttest, IPack
{
    public static int Main() => Execute<Build>(x => x.Test);

    [Parameter("Environment to deploy to or roll back")] readonly EnvironmentName? Environment;

    // The gates are the tests' front door (./build.sh Test); Demo shows delivery, so it skips them.
    bool Demoing => Context.InvokedTargets.Contains(nameof(Demo));

    Target Restore => _ => _.Inherit<IRestore>();
    Target Compile => _ => _.Inherit<ICompile>();
    Target Lint => _ => _.Inherit<ILint>().OnlyWhenStatic(() => !Demoing);
    // The tests talk to real engines and servers: the machine is set up first, and before Compile so that one that cannot be fails in seconds.
    Target Provision => _ => _.Inherit<IProvision>().Before(Compile);
    Target Test => _ => _.Inherit<ITest>().DependsOn(Provision).OnlyWhenStatic(() => !Demoing);
    Target Scan => _ => _.Inherit<IScan>().OnlyWhenStatic(() => !Demoing);
    Target DockerBuild => _ => _.Inherit<IDockerBuild>().DependsOn(Lint, Test, Scan).After<ILocalInfra>();
    Target Push => _ => _.Inherit<IPush>();
    Target DeployStaging => _ => _.Inherit<IDeploy>();
    Target Promote => _ => _.Inherit<IPromote>();
    Target DeployProduction => _ => _.Inherit<IDeploy>();
    Target Deploy => _ => _.Inherit<IDeploy>();
    Target Rollback => _ => _.Inherit<IRollback>();
    Target Maintenance => _ => _.Inherit<IMaintenance>();
    Target Monitor => _ => _.Inherit<IMonitor>();
    Target Scale => _ => _.Inherit<IScale>();
    Target Rehearse => _ => _.Inherit<IRehearse>();
    Target Demo => _ => _.Inherit<IDemo>();
    Target Pack => _ => _.Inherit<IPack>();
    Target Release => _ => _.Inherit<IRelease>();
    Target NotifyCiFailure => _ => _.Inherit<INotifyCiFailure>();
    Target CheckPullRequest => _ => _.Inherit<ICheckPullRequest>();
}
