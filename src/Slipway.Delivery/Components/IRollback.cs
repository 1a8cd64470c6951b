using Serilog;
using Slipway.Delivery.Deploy;
using Slipway.Delivery.Notifications;
using Slipway.Delivery.Orchestration;
using Slipway.Delivery.Orchestration.Swarm;
using Slipway.Engine;

namespace Slipway.Delivery.Components;

/// <summary>
/// The on-call engineer's target: back to the previous or a named retained version in seconds, without the registry
/// (docs/deploy.md, incident runbook). <c>--list</c> shows what is retained; <c>--dry-run</c> prints the plan.
/// </summary>
public interface IRollback : IHazDeployEnvironments, IHazDryRun
{
    [Parameter("Version (or digest) to roll back to (default: the version before the live one)", Name = "To")]
    string? RollbackTo => this.GetParameter<string>("To");

    [Parameter("Also restore the database from the backup taken before the first migration after the rolled-back-to version went live (Rollback)")]
    bool RestoreDatabase => this.GetParameter<bool?>() ?? false;

    [Parameter("List the environment's retained versions, which is live and when each was deployed (Rollback)")]
    bool List => this.GetParameter<bool?>() ?? false;

    Target Rollback => _ => _
        .Description("Switch an environment back to the previous or a named retained version (--to), without the registry; --list, --dry-run")
        .Requires(() => Environment)
        .Requires(() => NotificationsAreConfigured)
        .Reports("artifacts/incidents")
        .Executes(async () =>
        {
            var environment = ResolveEnvironment(Environment!);
            await using var hosts = await DeployHosts.ConnectAsync(environment, SshCredentials);
            if (List && environment.Orchestrator == DeployOrchestrator.Swarm)
            {
                Console.Out.WriteLine(await new SwarmOrchestrator(hosts.Primary).ListAsync());
                return;
            }

            if (List)
            {
                foreach (var host in hosts.All)
                {
                    Console.Out.WriteLine(hosts.LineFor(host) + await new RollbackRunner(host).ListAsync());
                }

                return;
            }

            if (DryRun && environment.Orchestrator == DeployOrchestrator.Swarm)
            {
                Console.Out.WriteLine(await new SwarmOrchestrator(hosts.Primary).PlanRollbackAsync(RollbackTo, RestoreDatabase));
                Console.Out.WriteLine("Dry run: nothing was changed.");
                return;
            }

            if (DryRun)
            {
                // Every host goes where the primary's log says: the others plan for that version, named by its digest.
                var target = await new RollbackRunner(hosts.Primary).PlanAsync(RollbackTo, RestoreDatabase);
                foreach (var host in hosts.All)
                {
                    var plan = host == hosts.Primary ? target : await new RollbackRunner(host).PlanAsync(target.To.Digest, restoreDatabase: false);
                    Console.Out.WriteLine(hosts.LineFor(host) + plan.Describe());
                    Host.AddSummaryNote($"Rollback of {environment.Name}{hosts.LineFor(host).TrimEnd(' ', ':')} (dry run): {plan.From?.Version ?? "nothing"} -> {plan.To.Version}; nothing changed");
                }

                Console.Out.WriteLine("Dry run: nothing was changed.");
                return;
            }

            try
            {
                var outcome = await DeployOrchestrators.For(hosts).RollbackAsync(new RollbackRequest { To = RollbackTo, Who = DeployedBy, CiRunUrl = CiRunUrl, Force = Force, RestoreDatabase = RestoreDatabase });
                var summary = DeploySummary.Describe(environment, outcome);
                Host.AddSummaryNote(summary);
                DeploySummary.WriteGitHubOutputs(Context.GetEnvironmentVariable("GITHUB_OUTPUT"), environment, outcome.Record);
                var draft = WriteIncidentDraft(outcome.Record, outcome.Log);
                await NotifyAsync(DeliveryEvents.Finished(DeliveryEventKind.ManualRollback, outcome.Record, summary) with { IncidentDraft = draft });
            }
            catch (BuildFailedException exception)
            {
                Log.Error("Rollback of {Environment} failed: {Message}", environment.Name, exception.Message);
                throw;
            }
        });
}
