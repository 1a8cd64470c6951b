using Slipway.Delivery.Deploy;
using Slipway.Delivery.Orchestration;
using Slipway.Delivery.Tests.Deploy;

namespace Slipway.Delivery.Tests.Orchestration;

/// <summary>A staging environment that Swarm runs: what the containers path declares, minus what Swarm refuses.</summary>
internal static class SwarmEnvironments
{
    public static DeployEnvironment Staging => TestEnvironments.Staging with
    {
        Orchestrator = DeployOrchestrator.Swarm,
        MigrateCommand = null,
        BackupFailedExitCode = null,
        DatabaseRestoredExitCode = null,
        RestoreFailedExitCode = null,
        RestoreCommand = null,
        Replicas = 3,
        RollingBatch = 2,
        BakeWindow = TimeSpan.FromSeconds(5),
        DeployTimeout = TimeSpan.FromSeconds(30),
    };
}
