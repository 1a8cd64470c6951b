using Serilog;
using Slipway.Delivery.Edge;
using Slipway.Engine;

namespace Slipway.Delivery.Deploy;

/// <summary>
/// Maintenance of one environment (docs/deploy.md, Maintenance): the edge answers every public request with a 503 page
/// and <c>Retry-After</c> while the service behind it keeps running and being checked; with a duration the edge ends it
/// by itself at the deadline. Under the deploy lock, so it never interleaves with a deploy's switch, and recorded in the
/// deploy log.
/// </summary>
internal sealed class MaintenanceRunner(DeployHost host, TimeProvider? timeProvider = null)
{
    private readonly TimeProvider clock = timeProvider ?? TimeProvider.System;

    public async Task<DeployOutcome> SetAsync(MaintenanceRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Problems().ToList() is { Count: > 0 } problems)
        {
            throw BuildFailedException.BadInput($"Maintenance of {host.Environment.Name}: {string.Join(" ", problems)}");
        }

        await using var operation = await LockedOperation.BeginAsync(host, DeployKind.Maintenance, request, request.On ? "maintenance on" : "maintenance off", clock, cancellationToken);
        try
        {
            string message;
            if (request.On)
            {
                var page = new MaintenancePage
                {
                    Message = request.Message ?? host.Edge.Settings.MaintenanceMessage,
                    Until = request.Duration is { } duration ? clock.GetUtcNow() + duration : null,
                    RetryAfter = host.Edge.Settings.MaintenanceRetryAfter,
                };
                await operation.Edge.StartMaintenanceAsync(page, cancellationToken);
                operation.Note(r => r with { MaintenanceUntil = page.Until });
                message = $"Maintenance on {page.UntilText}{(page.Until is null ? string.Empty : " (the edge ends it then)")}: {page.Message}";
            }
            else
            {
                await operation.Edge.EndMaintenanceAsync(cancellationToken);
                message = "Maintenance off: the service answers again.";
            }

            Log.Information("{Environment}: {Message}", host.Environment.Name, message);
            return await operation.SucceedAsync(message, cancellationToken: cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            await operation.FailAsync(exception);
            throw;
        }
    }
}
