using Slipway.Delivery.Deploy;
using Slipway.Delivery.Notifications;
using Slipway.Engine;

namespace Slipway.Delivery.Components;

/// <summary>
/// Maintenance mode (docs/deploy.md, Maintenance): the edge answers every public request with a 503 page — the message as
/// HTML or JSON by the request's Accept, and Retry-After — while the service keeps running and being checked behind it.
/// With <c>--duration</c> the edge ends it by itself at the deadline, even if nobody runs <c>--off</c>.
/// </summary>
public interface IMaintenance : IHazDeployEnvironments
{
    [Parameter("Turn maintenance on (Maintenance); --on false turns it off", Name = "On")]
    bool MaintenanceOn => this.GetParameter<bool?>("On") ?? false;

    [Parameter("Turn maintenance off (Maintenance)", Name = "Off")]
    bool MaintenanceOff => this.GetParameter<bool?>("Off") ?? this.GetParameter<bool?>("On") == false;

    [Parameter("The maintenance page's message, one line (Maintenance --on; default: the edge's)", Name = "Message")]
    string? MaintenanceMessage => this.GetParameter<string>("Message");

    Target Maintenance => _ => _
        .Description("Put --environment behind the maintenance page (--on [--message] [--duration], ended by the edge at the deadline) or take it off (--off)")
        .Requires(() => Environment)
        .Requires(() => MaintenanceOn ^ MaintenanceOff, "exactly one of --on or --off")
        .Requires(() => NotificationsAreConfigured)
        .Executes(async () =>
        {
            var environment = ResolveEnvironment(Environment!);
            // Several hosts: every host's edge at once, as the load balancer in front may send a user to any of them.
            await using var hosts = await DeployHosts.ConnectAsync(environment, SshCredentials);
            var request = new MaintenanceRequest
            {
                On = MaintenanceOn,
                Message = MaintenanceMessage,
                Duration = Duration,
                Who = DeployedBy,
                CiRunUrl = CiRunUrl,
                Force = Force,
            };
            var outcome = (await hosts.OnEachAsync("maintenance", host => new MaintenanceRunner(host).SetAsync(request)))[0];
            var summary = $"{environment.Name}: {outcome.Record.Message}{hosts.OnEveryHost}";
            Host.AddSummaryNote(summary);
            await NotifyAsync(DeliveryEvents.Finished(MaintenanceOn ? DeliveryEventKind.MaintenanceOn : DeliveryEventKind.MaintenanceOff, outcome.Record, summary));
        });
}
