using Slipway.Delivery.Deploy;

namespace Slipway.Delivery.Orchestration.MultiHost;

/// <summary>
/// What an environment with several <see cref="DeployEnvironment.Hosts"/> may declare: the shape of the list, and the
/// settings not made to work across hosts yet, refused with the fix so a declaration never silently does less than it
/// says (docs/deploy.md, Several hosts).
/// </summary>
internal static class MultiHostDeclaration
{
    public static IEnumerable<string> Problems(DeployEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var hosts = environment.Hosts ?? [];
        if (environment.HostsAtOnce is < 1)
        {
            yield return $"HostsAtOnce ({environment.HostsAtOnce}) must be at least 1, or null to boot every host at once.";
        }

        if (hosts.Count == 0)
        {
            yield break;
        }

        if (environment.DockerHost is not null)
        {
            yield return $"DockerHost ({environment.DockerHost}) and Hosts are both set: declare one — DockerHost for one host, Hosts for several " +
                "(a --docker-host parameter or SLIPWAY_<NAME>_DOCKER_HOST sets DockerHost, so it cannot be used with Hosts).";
        }

        foreach (var host in hosts.Where(h => h is null || !DeployEnvironment.IsDockerHostShape(h)))
        {
            yield return $"Hosts: '{host}' must look like ssh://user@host, tcp://host:2376 or unix:///var/run/docker.sock.";
        }

        foreach (var twice in hosts.Where(h => h is not null).GroupBy(h => h.TrimEnd('/'), StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            yield return $"Hosts: '{twice.Key}' is listed {twice.Count()} times; list each host once.";
        }

        if (hosts.Count < 2)
        {
            yield break;
        }

        if (environment.Orchestrator != DeployOrchestrator.Containers)
        {
            yield return $"Hosts lists several hosts, which only Orchestrator = Containers deploys; a {environment.Orchestrator} environment declares its manager " +
                "as DockerHost and the orchestrator spreads the tasks over its nodes.";
        }

        const string NotYet = "not yet across hosts";
        if (environment.Strategy is DeployStrategy.Rolling)
        {
            yield return $"Strategy = Rolling is {NotYet}: every host switches at once after every host passed its gate. " +
                "Use Strategy = BlueGreen (the default) or Canary for several hosts, or one host for a rolling deploy.";
        }
    }
}
