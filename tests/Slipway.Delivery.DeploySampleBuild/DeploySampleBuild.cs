using Slipway.Delivery.Components;
using Slipway.Delivery.Deploy;
using Slipway.Engine;

namespace Slipway.Delivery.DeploySampleBuild;

/// <summary>
/// Staging is named by <c>SLIPWAY_TEST_ENVIRONMENT</c> and production by <c>SLIPWAY_TEST_PRODUCTION_ENVIRONMENT</c> (each test its own), and everything else about it comes from the
/// same <c>SLIPWAY_&lt;NAME&gt;_*</c> variables users set, so a test exercises the real override path.
/// </summary>
internal sealed class DeploySampleBuild : SlipwayBuild, IDockerBuild, IPush, IDeploy, IRollback
{
    [Parameter("Print the plan and change nothing")]
    public bool DryRun { get; set; }

    DeployEnvironment IHazDeployEnvironments.StagingEnvironment => DeployEnvironment.Staging with
    {
        Name = System.Environment.GetEnvironmentVariable("SLIPWAY_TEST_ENVIRONMENT") ?? "staging",
    };

    DeployEnvironment IHazDeployEnvironments.ProductionEnvironment => DeployEnvironment.Production with
    {
        Name = System.Environment.GetEnvironmentVariable("SLIPWAY_TEST_PRODUCTION_ENVIRONMENT") ?? "production",
        PromotedFrom = ((IHazDeployEnvironments)this).StagingEnvironment.Name,
    };

    public static int Main() => Execute<DeploySampleBuild>(x => ((IDeploy)x).DeployStaging);
}
