using Slipway.Delivery.Deploy;
using Slipway.Engine;

namespace Slipway.Delivery.Components;

/// <summary>
/// Watches an environment's live version through its edge (docs/deploy.md, Monitor): a line per interval with requests,
/// error rate, p95 response time and availability, a summary at the end, and exit 14 on a breach — or, with
/// <c>--rollback-on-breach</c>, a rollback to the previous version and exit 11. On several hosts, every host's edge at
/// once; a breach on any host ends the watch, and the rollback takes every host back together.
/// </summary>
public interface IMonitor : IHazDeployEnvironments
{
    [Parameter("How often Monitor reports and judges, e.g. 30s (default 30s)")]
    TimeSpan? Interval => this.GetParameter<TimeSpan?>();

    [Parameter("Monitor: the highest share of 5xx and broken responses in an interval, e.g. 2% (default 5%)"), GitHubActionsVariable]
    string? MaxErrorRate => this.GetParameter<string>();

    [Parameter("Monitor: the highest p95 response time in an interval, e.g. 1500ms (default 2000ms)"), GitHubActionsVariable]
    TimeSpan? MaxResponseTime => this.GetParameter<TimeSpan?>();

    [Parameter("Monitor: the lowest share of an interval with the live version in rotation and passing its checks, e.g. 99% (default 95%)"), GitHubActionsVariable]
    string? MinAvailability => this.GetParameter<string>();

    [Parameter("Monitor until stopped (Ctrl-C, the job's timeout) or a breach, instead of for --duration")]
    bool Continuous => this.GetParameter<bool?>() ?? false;

    [Parameter("Monitor: on a breach, roll back to the previous version (exit 11) instead of only reporting it (exit 14)")]
    bool RollbackOnBreach => this.GetParameter<bool?>() ?? false;

    Target Monitor => _ => _
        .Description("Watch --environment's live version through its edge for --duration (or --continuous): a line per --interval, exit 14 on a breach; --rollback-on-breach")
        .Requires(() => Environment)
        .Executes(async () =>
        {
            var environment = ResolveEnvironment(Environment!);
            await using var hosts = await DeployHosts.ConnectAsync(environment, SshCredentials);
            // Unset parameters keep the defaults MonitorRequest and MonitorThresholds declare (seed 004's).
            var request = new MonitorRequest { Who = DeployedBy, CiRunUrl = CiRunUrl, Force = Force, Continuous = Continuous, RollbackOnBreach = RollbackOnBreach };
            var thresholds = request.Thresholds with { MinimumRequests = environment.MinimumBakeRequests };
            var watched = await HostsMonitor.RunAsync(hosts, request with
            {
                Duration = Continuous ? null : Duration ?? MonitorRequest.DefaultDuration,
                Interval = Interval ?? request.Interval,
                Thresholds = thresholds with
                {
                    MaxErrorRate = MaxErrorRate is { } rate ? ParsePercentage(rate, "--max-error-rate") : thresholds.MaxErrorRate,
                    MaxResponseTime = MaxResponseTime ?? thresholds.MaxResponseTime,
                    MinAvailability = MinAvailability is { } availability ? ParsePercentage(availability, "--min-availability") : thresholds.MinAvailability,
                },
            });
            foreach (var (host, intervals) in watched)
            {
                Host.AddSummaryNote(hosts.LineFor(host) + EnvironmentMonitor.Summarize(environment.Name, intervals));
            }
        });

    private static double ParsePercentage(string text, string parameter)
    {
        try
        {
            return DeployEnvironmentOverrides.ParseRate(text);
        }
        catch (FormatException)
        {
            throw BuildFailedException.BadInput($"{parameter} '{text}' is not a rate: give a percentage such as 2% or a fraction such as 0.02.");
        }
    }
}
