using System.Net;
using Slipway.Delivery.Components;
using Slipway.Delivery.Deploy;
using Slipway.Engine;

namespace Slipway.Delivery.DeploySampleBuild;

/// <summary>
/// Staging is named by <c>SLIPWAY_TEST_ENVIRONMENT</c> and production by <c>SLIPWAY_TEST_PRODUCTION_ENVIRONMENT</c> (each test its own), and everything else about it comes from the
/// same <c>SLIPWAY_&lt;NAME&gt;_*</c> variables users set, so a test exercises the real override path.
/// </summary>
internal sealed class DeploySampleBuild : SlipwayBuild, IDockerBuild, IPush, IDeploy, IRollback, IRelease, INotifyCiFailure, ICheckPullRequest, IProvision, IMaintenance, IMonitor, IScale, IRehearse
{
    [Parameter("Print the plan and change nothing")]
    public bool DryRun { get; set; }

    DeployEnvironment IHazDeployEnvironments.StagingEnvironment => new()
    {
        Name = System.Environment.GetEnvironmentVariable("SLIPWAY_TEST_ENVIRONMENT") ?? "staging",
        PublicEndpoint = new IPEndPoint(IPAddress.Loopback, 8081),
        AppPorts = new PortRange(28100, 100),
        MigrateCommand = MigrateCommand,
        BackupFailedExitCode = BackupFailedExitCode,
        DatabaseRestoredExitCode = 4,
        RestoreFailedExitCode = 5,
        RestoreCommand = ["restore", "--from", DeployEnvironment.BackupFilePlaceholder],
    };

    DeployEnvironment IHazDeployEnvironments.ProductionEnvironment => new()
    {
        Name = System.Environment.GetEnvironmentVariable("SLIPWAY_TEST_PRODUCTION_ENVIRONMENT") ?? "production",
        PublicEndpoint = new IPEndPoint(IPAddress.Loopback, 8082),
        AppPorts = new PortRange(28200, 100),
        MigrateCommand = MigrateCommand,
        BackupFailedExitCode = BackupFailedExitCode,
        DatabaseRestoredExitCode = 4,
        RestoreFailedExitCode = 5,
        RestoreCommand = ["restore", "--from", DeployEnvironment.BackupFilePlaceholder],
        RequiresApproval = true,
        RequiresReleaseVersion = true,
        PromotedFrom = ((IHazDeployEnvironments)this).StagingEnvironment.Name,
    };

    /// <summary>The deployed images (Catalog.Api and the tests' stand-in) back up and migrate in one container and exit 3 when the backup failed.</summary>
    private static readonly string[] MigrateCommand = ["migrate", "--backup-to", DeployEnvironment.BackupFilePlaceholder];

    private const int BackupFailedExitCode = 3;

    public static int Main() => Execute<DeploySampleBuild>(x => ((IDeploy)x).DeployStaging);
}
