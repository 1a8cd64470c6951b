using Serilog;
using Slipway.Delivery.Edge;
using Slipway.Delivery.Orchestration.MultiHost;
using Slipway.Engine;

namespace Slipway.Delivery.Deploy;

/// <summary>
/// A deploy to one environment's host (docs/deploy.md), as its sequence: lock (and the edge current under it), prepare
/// the image, plan, then the plan's steps — start and migrate, gate, switch, bake or roll back, retire — and the record.
/// Exit codes tell a caller what happened: 10 aborted before the switch (the old version served throughout), 11
/// switched and rolled back automatically, 12 the environment is locked. With <paramref name="peers"/> it is one host of
/// several, moved together (docs/deploy.md, Several hosts).
/// </summary>
internal sealed class Deployer(DeployHost host, TimeProvider? timeProvider = null, HostsCoordinator? peers = null)
{
    private readonly TimeProvider clock = timeProvider ?? TimeProvider.System;
    private readonly DeployEnvironment environment = host.Environment;

    public async Task<DeployOutcome> DeployAsync(DeployRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var operation = await LockedOperation.BeginAsync(host, DeployKind.Deploy, request, request.Image.Reference, clock, cancellationToken);
        try
        {
            await AllLockedAsync(peers, host, cancellationToken);
            operation.Note(r => r with { Release = request.Release, VerifiedBy = request.VerifiedBy, Unverified = request.Unverified, AcceptedRisk = request.AcceptedRisk });
            var image = await PrepareImageAsync(request, operation, cancellationToken);
            var plan = await PlanAsync(image, request, operation, cancellationToken);
            var bake = await new DeployExecutor(host, operation, clock, peers).ExecuteAsync(plan.Sequence, cancellationToken);
            return await operation.SucceedAsync(plan.SuccessMessage(environment.Url, bake), bake,
                plan.AlreadyServing ? DeployResults.Unchanged : DeployResults.Succeeded, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The other hosts learn it before this one cleans up, so they stop waiting at once.
            peers?.Fail(host.Name, exception);
            await operation.FailAsync(exception);
            throw;
        }
    }

    /// <summary>
    /// Several hosts: nothing changes on any host before every host holds its lock; when one could not take it (exit 12)
    /// or failed before, this one aborts with nothing changed (exit 10).
    /// </summary>
    internal static Task AllLockedAsync(HostsCoordinator? peers, DeployHost host, CancellationToken cancellationToken) =>
        peers?.ArriveOrAbortAsync(host.Name, HostBarrier.Locked, "before changing anything", cancellationToken) ?? Task.CompletedTask;

    /// <summary>
    /// <c>--dry-run</c>: the plan a deploy would follow now, from the host's state as it is, without the lock and without
    /// changing anything that serves (the image is pulled by digest if the engine lacks it, to read its labels).
    /// </summary>
    public async Task<DeployPlan> PlanAsync(DeployRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var image = await host.EnsureImageAsync(request.Image, cancellationToken);
        CheckVersion(environment, image, request.Release);
        var edge = await host.Edge.TryOpenExistingAsync(cancellationToken);
        var snapshot = host.SnapshotAsync(edge, edgeRunning: edge is not null, cancellationToken);
        var claimed = host.ReadClaimedPortsAsync(cancellationToken);
        await Task.WhenAll(snapshot, claimed);
        MaintenancePage? maintenance = null;
        try
        {
            maintenance = edge is null ? null : await edge.ReadMaintenanceAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is EdgeRuntimeApiException or FormatException)
        {
            // An edge whose config predates the maintenance map: the real deploy brings it up to date first.
        }

        if (maintenance?.IsActiveAt(clock.GetUtcNow()) == true)
        {
            Log.Warning("{Notice}", maintenance.NoticeFor("deploy"));
        }
        else
        {
            maintenance = null;
        }

        return DeployPlanner.Plan(EnvironmentBehind(maintenance), image, await snapshot, await claimed, request.AlwaysMigrate, "dry-run", clock.GetUtcNow());
    }

    /// <summary>
    /// The environment as this deploy treats it: behind an active maintenance page no user request reaches either
    /// version, so a canary would have nothing to judge and the deploy switches at once.
    /// </summary>
    private DeployEnvironment EnvironmentBehind(MaintenancePage? maintenance)
    {
        if (maintenance is null)
        {
            return environment;
        }

        var behind = environment;
        if (environment.Strategy == DeployStrategy.Canary)
        {
            Log.Warning("No traffic reaches the service during maintenance, so there is nothing for a canary to judge: {Environment} switches at once", environment.Name);
            behind = behind with { Strategy = DeployStrategy.BlueGreen };
        }

        if (environment.SmokeTests.Count > 0)
        {
            // The page answers every request at the edge's front door, the preview route's included.
            Log.Warning("The maintenance page answers every request, so {Environment}'s smoke tests cannot reach the new version: they are skipped", environment.Name);
            behind = behind with { SmokeTests = [] };
        }

        return behind;
    }

    /// <summary>The image as the engine has it (pulled by digest if missing), its labels read and its version checked.</summary>
    private async Task<DeployImage> PrepareImageAsync(DeployRequest request, LockedOperation operation, CancellationToken cancellationToken)
    {
        var requested = request.Image;
        operation.Note(r => r with { Image = requested.Reference, Digest = requested.Digest });
        var image = await host.EnsureImageAsync(requested, cancellationToken);
        operation.Note(r => r with { Version = image.Version, Commit = image.Commit, ImageCreated = image.Created, Schema = image.Schema, Platform = image.Platform });
        CheckVersion(environment, image, request.Release);
        operation.Phases.End("image");
        return image;
    }

    /// <summary>The environment as the host shows it, and what this deploy will do there.</summary>
    private async Task<DeployPlan> PlanAsync(DeployImage image, DeployRequest request, LockedOperation operation, CancellationToken cancellationToken)
    {
        var reading = operation.ReadEnvironmentAsync("deploy", cancellationToken);
        var claimed = host.ReadClaimedPortsAsync(cancellationToken);
        await Task.WhenAll(reading, claimed);
        var (snapshot, maintenance) = await reading;
        var plan = DeployPlanner.Plan(EnvironmentBehind(maintenance), image, snapshot, await claimed, request.AlwaysMigrate, operation.Id, clock.GetUtcNow());
        operation.Note(r => r with
        {
            PreviousVersion = plan.Live?.Version,
            PreviousDigest = plan.Live?.Digest,
            Replicas = plan.Replicas,
            Migrated = plan.Migration.Migrate || plan.AlreadyServing ? r.Migrated : false,
        });
        Log.Information("{Plan}", plan.Describe());
        if (plan.AlreadyServing)
        {
            Log.Information("{Image} is already serving {Environment} ({Container}): nothing to switch", image.Reference, environment.Name, plan.Live!.Describe());
        }

        operation.Phases.End("plan");
        return plan;
    }

    /// <summary>Refuses (exit 2) an image without a version label, or a pre-release where the environment takes releases only.</summary>
    internal static void CheckVersion(DeployEnvironment environment, DeployImage image, string? release)
    {
        if (image.Version is null)
        {
            throw BuildFailedException.BadInput(
                $"{image.Reference} has no org.opencontainers.image.version label, so the deploy cannot check which version serves. Build it with the DockerBuild target.");
        }

        if (environment.RequiresReleaseVersion && VersionMatch.IsPreRelease(image.Version) && (release is null || VersionMatch.IsPreRelease(release)))
        {
            throw BuildFailedException.BadInput(
                $"{environment.Name} takes release versions only, and {image.Reference} is {image.Version}. Release it (./build.sh Release --version X.Y.Z) then Promote the image staging verified and deploy it.");
        }
    }
}
