using System.Globalization;
using Serilog;
using Slipway.Delivery.Edge;
using Slipway.Engine;

namespace Slipway.Delivery.Deploy;

/// <summary>
/// Scale (docs/deploy.md, Scale): changes how many containers of the serving version run behind the edge, without a
/// failed request. Up: the new replicas start beside the others, each gated on the edge's checks and its version
/// before it takes a share. Down: the replicas with the highest numbers drain — their requests in flight finish while
/// the others take the new ones — then leave the edge and are removed. Under the deploy lock, recorded in the deploy log.
/// </summary>
internal sealed class ScaleRunner(DeployHost host, TimeProvider? timeProvider = null)
{
    private readonly TimeProvider clock = timeProvider ?? TimeProvider.System;
    private readonly DeployEnvironment environment = host.Environment;

    public async Task<DeployOutcome> ScaleAsync(ScaleRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Problems().ToList() is { Count: > 0 } problems)
        {
            throw BuildFailedException.BadInput($"Scale of {environment.Name}: {string.Join(" ", problems)}");
        }

        await using var operation = await LockedOperation.BeginAsync(host, DeployKind.Scale, request, $"scale to {request.Replicas}", clock, cancellationToken);
        try
        {
            var (snapshot, _) = await operation.ReadEnvironmentAsync("scale", cancellationToken);
            var live = snapshot.Live ?? throw BuildFailedException.BadInput($"Nothing serves {environment.Name}, so there is nothing to scale: deploy a version first.");
            var slot = snapshot.SlotOf(live) ?? throw BuildFailedException.BadInput($"{live.Describe()} is not behind the edge; deploy it again first.");
            var current = snapshot.Edge!.ReplicaCount(slot);
            operation.Note(r => r with { Version = live.Version, Digest = live.Digest, Image = live.Image, Commit = live.Commit, Replicas = request.Replicas });
            operation.Phases.End("plan");
            string message;
            if (request.Replicas == current)
            {
                message = $"{live.Version} already runs {Count(current)}; nothing changed.";
            }
            else if (request.Replicas > current)
            {
                await AddAsync(operation, live, slot, current, request.Replicas, cancellationToken);
                message = $"{live.Version} scaled up from {Count(current)} to {Count(request.Replicas)}, each gated before it took a share.";
            }
            else
            {
                await RemoveAsync(operation, live, slot, current, request.Replicas, cancellationToken);
                message = $"{live.Version} scaled down from {Count(current)} to {Count(request.Replicas)}; the removed ones drained first.";
            }

            Log.Information("{Environment}: {Message}", environment.Name, message);
            return await operation.SucceedAsync(message, result: request.Replicas == current ? DeployResults.Unchanged : DeployResults.Succeeded, cancellationToken: cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            await operation.FailAsync(exception);
            throw;
        }
    }

    private async Task AddAsync(LockedOperation operation, AppContainer live, EdgeSlot slot, int current, int target, CancellationToken cancellationToken)
    {
        var claimed = (await host.ReadClaimedPortsAsync(cancellationToken)).ToList();
        var labels = DeployLabels.Of(live);
        var runs = new List<AppRunSpec>();
        for (var replica = current + 1; replica <= target; replica++)
        {
            // A replica of that number left stopped by an earlier scale or a dead run: replaced, its port free again.
            if (live.Replicas.FirstOrDefault(r => r.Replica == replica) is { } leftover)
            {
                await host.RemoveAsync(leftover.Name, cancellationToken);
                claimed.Remove(leftover.Port);
            }

            var port = PortAllocator.Choose(environment.AppPorts, claimed);
            claimed.Add(port);
            runs.Add(DeployPlanner.ReplicaRun(live.Name, live.Image, port, labels, replica));
        }

        var servers = runs.Select((run, index) => new EdgeServer(slot, current + 1 + index)).ToList();
        operation.OnFailure(async _ =>
        {
            try
            {
                await operation.Edge.RemoveReplicasAsync(servers, TimeSpan.FromSeconds(5));
            }
            catch (Exception exception) when (exception is EdgeRuntimeApiException or BuildFailedException)
            {
                Log.Warning("Could not take the new replicas out of the edge: {Error}", exception.Message);
            }

            await Task.WhenAll(runs.Select(r => host.RemoveAsync(r.Name)));
        });
        Log.Information("Starting {Count} more replica(s) of {Version}: {Names}", runs.Count, live.Version, string.Join(", ", runs.Select(r => $"{r.Name} on 127.0.0.1:{r.Port}")));
        await new ReplicaGate(host, operation.Edge).StartAsync([.. servers.Zip(runs)], live.Version, "The scale is undone; the replicas that served before serve on.", cancellationToken);
        operation.Phases.End("gate");
        await operation.Edge.EnableReplicasAsync(servers, cancellationToken);
        operation.MarkSwitched();
        operation.Phases.End("switch");
    }

    private async Task RemoveAsync(LockedOperation operation, AppContainer live, EdgeSlot slot, int current, int target, CancellationToken cancellationToken)
    {
        var servers = Enumerable.Range(target + 1, current - target).Select(replica => new EdgeServer(slot, replica)).ToList();
        await operation.Edge.RemoveReplicasAsync(servers, environment.DrainTimeout, cancellationToken);
        operation.Phases.End("drain");
        // Removed, not kept: the version's own container is what a rollback needs, and a deploy starts replicas afresh.
        var names = servers.Select(s => DeployNames.Replica(live.Name, s.Replica)).ToList();
        Log.Information("Stopping and removing {Names}", string.Join(", ", names));
        await Task.WhenAll(names.Select(async name =>
        {
            await host.StopAsync(name, cancellationToken);
            await host.RemoveAsync(name, cancellationToken);
        }));
        operation.Phases.End("retire");
    }

    private static string Count(int replicas) => replicas == 1 ? "1 replica" : string.Create(CultureInfo.InvariantCulture, $"{replicas} replicas");
}
