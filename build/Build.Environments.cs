using System.Net;
using Slipway.Delivery.Components;
using Slipway.Delivery.Deploy;

/// <summary>
/// Where Catalog.Api is deployed: both environments on this machine's Docker engine, on loopback ports, so a laptop
/// works out of the box; CI points them elsewhere with DOCKER_HOST (and SLIPWAY_&lt;NAME&gt;_* variables, docs/deploy.md).
/// </summary>
sealed partial class Build
{
    /// <summary>
    /// Catalog.Api backs up and migrates in one one-off container (docs/service.md); the deploy replaces {file} with the
    /// backup file.
    /// </summary>
    static readonly string[] CatalogApiMigrate = ["migrate", "--backup-to", DeployEnvironment.BackupFilePlaceholder];

    /// <summary>Catalog.Api's restore of a backup file, for Rollback --restore-database.</summary>
    static readonly string[] CatalogApiRestore = ["restore", "--from", DeployEnvironment.BackupFilePlaceholder];

    /// <summary>What <c>migrate --backup-to</c> exits with when its backup failed and it applied nothing (ServiceExitCodes.BackupFailed in src/Catalog.Api).</summary>
    const int CatalogApiBackupFailed = 3;

    /// <summary>What it exits with when a later migration failed and it restored the backup, and when that restore failed too.</summary>
    const int CatalogApiDatabaseRestored = 4, CatalogApiRestoreFailed = 5;

    /// <summary>
    /// Catalog.Api's background worker (<c>worker</c>, docs/service.md): fills UpdatedAt of rows a version that predates the
    /// column wrote. Any number may run at once; a stop lets its current batch (one short UPDATE) finish.
    /// </summary>
    static readonly DeployRole CatalogApiWorker = new() { Name = "worker", Command = ["worker"], StopGracePeriod = TimeSpan.FromSeconds(15) };

    DeployEnvironment IHazDeployEnvironments.StagingEnvironment => new()
    {
        Name = "staging",
        PublicEndpoint = new IPEndPoint(IPAddress.Loopback, 8081),
        AppPorts = new PortRange(28100, 100),
        MigrateCommand = CatalogApiMigrate,
        BackupFailedExitCode = CatalogApiBackupFailed,
        DatabaseRestoredExitCode = CatalogApiDatabaseRestored,
        RestoreFailedExitCode = CatalogApiRestoreFailed,
        RestoreCommand = CatalogApiRestore,
        AppEnvironment = CatalogApiEnvironment,
        SmokeTests = CatalogApiSmokeTests,
        Roles = [CatalogApiWorker],
    };

    DeployEnvironment IHazDeployEnvironments.ProductionEnvironment => new()
    {
        Name = "production",
        PublicEndpoint = new IPEndPoint(IPAddress.Loopback, 8082),
        AppPorts = new PortRange(28200, 100),
        MigrateCommand = CatalogApiMigrate,
        BackupFailedExitCode = CatalogApiBackupFailed,
        DatabaseRestoredExitCode = CatalogApiDatabaseRestored,
        RestoreFailedExitCode = CatalogApiRestoreFailed,
        RestoreCommand = CatalogApiRestore,
        AppEnvironment = CatalogApiEnvironment,
        SmokeTests = CatalogApiSmokeTests,
        Roles = [CatalogApiWorker],
        RequiresApproval = true,
        RequiresReleaseVersion = true,
        PromotedFrom = "staging",
        // Production users meet a new version a share at a time; SLIPWAY_PRODUCTION_STRATEGY=blue-green switches at once (a quiet night's hotfix).
        Strategy = DeployStrategy.Canary,
        CanarySteps = [10, 25, 50],
        CanaryStepWindow = TimeSpan.FromSeconds(30),
    };
}
