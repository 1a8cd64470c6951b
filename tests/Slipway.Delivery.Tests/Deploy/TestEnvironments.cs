using System.Net;
using Slipway.Delivery.Deploy;

namespace Slipway.Delivery.Tests.Deploy;

/// <summary>
/// The environments the tests start from: this repository's build declares the same (build/Build.Environments.cs), for
/// the same app — Catalog.Api, which backs up and migrates in one container and exits 3 when its backup failed.
/// </summary>
internal static class TestEnvironments
{
    public const int CatalogApiBackupFailed = 3;

    public static DeployEnvironment Staging => new()
    {
        Name = "staging",
        PublicEndpoint = new IPEndPoint(IPAddress.Loopback, 8081),
        AppPorts = new PortRange(28100, 100),
        MigrateCommand = ["migrate", "--backup-to", DeployEnvironment.BackupFilePlaceholder],
        BackupFailedExitCode = CatalogApiBackupFailed,
        DatabaseRestoredExitCode = 4,
        RestoreFailedExitCode = 5,
        RestoreCommand = ["restore", "--from", DeployEnvironment.BackupFilePlaceholder],
    };

    public static DeployEnvironment Production => Staging with
    {
        Name = "production",
        PublicEndpoint = new IPEndPoint(IPAddress.Loopback, 8082),
        AppPorts = new PortRange(28200, 100),
        RequiresApproval = true,
        RequiresReleaseVersion = true,
        PromotedFrom = "staging",
    };

    /// <summary>A worker role with two replicas and a singleton scheduler, as seed 002's Celery workers and Beat.</summary>
    public static IReadOnlyList<DeployRole> WorkerAndScheduler =>
    [
        new() { Name = "worker", Command = ["worker"], Replicas = 2, StopGracePeriod = TimeSpan.FromSeconds(20) },
        new() { Name = "scheduler", Command = ["scheduler", "--beat"], Singleton = true, UseImageHealthCheck = true },
    ];
}
