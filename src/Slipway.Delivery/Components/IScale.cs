using Slipway.Delivery.Deploy;
using Slipway.Delivery.Notifications;
using Slipway.Delivery.Orchestration;
using Slipway.Engine;

namespace Slipway.Delivery.Components;

/// <summary>
/// Scale (docs/deploy.md, Scale): N containers of the serving version behind the edge, balanced. New replicas take a
/// share only once they pass their checks; removed ones drain first, so no request fails either way. A deploy that
/// follows keeps the count an operator scaled to.
/// </summary>
public interface IScale : IHazDeployEnvironments
{
    [Parameter("How many containers (Swarm: tasks) of the serving version run behind the edge (Scale; 1 to 8)")]
    int? Replicas => this.GetParameter<int?>();

    Target Scale => _ => _
        .Description("Run --replicas N containers (Swarm: tasks) of --environment's serving version behind its edge, with no failed request")
        .Requires(() => Environment)
        .Requires(() => Replicas)
        .Requires(() => NotificationsAreConfigured)
        .Executes(async () =>
        {
            var environment = ResolveEnvironment(Environment!);
            // Several hosts: --replicas on each host, all at once; Swarm: the service's replica count.
            await using var hosts = await DeployHosts.ConnectAsync(environment, SshCredentials);
            var request = new ScaleRequest
            {
                Replicas = Replicas!.Value,
                Who = DeployedBy,
                CiRunUrl = CiRunUrl,
                Force = Force,
            };
            var outcome = await DeployOrchestrators.For(hosts).ScaleAsync(request);
            var summary = $"{environment.Name}: {outcome.Record.Message}{hosts.OnEveryHost} Record {outcome.Record.Id} [{outcome.DescribePhases()}]";
            Host.AddSummaryNote(summary);
            await NotifyAsync(DeliveryEvents.Finished(DeliveryEventKind.Scaled, outcome.Record, summary));
        });
}
