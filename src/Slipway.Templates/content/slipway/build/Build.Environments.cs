using System.Net;
using Slipway.Delivery.Components;
using Slipway.Delivery.Deploy;

/// <summary>
/// Where the service is deployed. Both environments start on this machine's Docker engine on loopback ports, so
/// ./build.sh DeployStaging works on a laptop; point them at your servers here (DockerHost = "ssh://deploy@app1",
/// PublicEndpoint = new IPEndPoint(IPAddress.Any, 80)) or per run with SLIPWAY_&lt;NAME&gt;_&lt;SETTING&gt; variables
/// (SLIPWAY_STAGING_DOCKER_HOST, SLIPWAY_STAGING_PUBLIC_ENDPOINT, SLIPWAY_STAGING_APP_PORTS...).
/// </summary>
sealed partial class Build
{
    // The deploy's readiness gate asks HealthPath for a 200 and StatusPath for JSON with a "version" field (the
    // informational version the image was built with); the defaults are /health/ready and /status. Set StatusPath = null
    // for a service without one. MigrateCommand, SmokeTests and AppEnvironment: docs/deploy.md.
    DeployEnvironment IHazDeployEnvironments.StagingEnvironment => new()
    {
        Name = "slipway-environment-prefix-staging",
        PublicEndpoint = new IPEndPoint(IPAddress.Loopback, 8081),
        AppPorts = new PortRange(28100, 100),
    };

    DeployEnvironment IHazDeployEnvironments.ProductionEnvironment => new()
    {
        Name = "slipway-environment-prefix-production",
        PublicEndpoint = new IPEndPoint(IPAddress.Loopback, 8082),
        AppPorts = new PortRange(28200, 100),
        RequiresApproval = true,
        RequiresReleaseVersion = true,
        PromotedFrom = "slipway-environment-prefix-staging",
    };
}
