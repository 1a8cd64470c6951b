using System.Globalization;
using Slipway.Delivery.Deploy;
using Slipway.Delivery.Docker;

namespace Slipway.Delivery.Orchestration.Swarm;

/// <summary>
/// A role of an environment (<see cref="DeployRole"/>: workers, a singleton scheduler) as a Swarm service of its own
/// (pure, unit-tested): the same image as the web service with the role's command, the same host network, read-only
/// root, data volume and app environment by name, no port and no edge. Its update policy is the containers path's role
/// order as Swarm says it — every task of a worker at once, start-first; stop-first with one task for a singleton, so two
/// never run at once — with the role's grace period; a task that exits (or turns unhealthy, with <see cref="DeployRole.UseImageHealthCheck"/>)
/// within <see cref="DeployRole.SettleTime"/> fails the update, which Swarm rolls back.
/// </summary>
internal sealed class SwarmRoleSpec(DeployEnvironment environment, DeployRole role)
{
    /// <summary>Label on a role's service naming its role (the environment's label is <see cref="SwarmServiceSpec.EnvironmentLabel"/>).</summary>
    public const string RoleLabel = "org.slipway.role";

    public DeployRole Role { get; } = role;

    public string ServiceName => ServiceNameOf(environment.Name, Role.Name);

    /// <summary>What the role's tasks need in their environment, names in the arguments and values in the CLI's own environment.</summary>
    public IReadOnlyDictionary<string, string> Variables => Role.VariablesOver(environment.AppEnvironment);

    /// <summary>How long a change of the role is watched: its tasks' start (or health, within DeployTimeout), then Swarm's monitor of them.</summary>
    public TimeSpan WatchTimeout => environment.DeployTimeout + Role.SettleTime;

    /// <summary><c>slipway-staging-role-worker</c>: beside the web service <c>slipway-staging</c>, never one of another environment's.</summary>
    public static string ServiceNameOf(string environmentName, string roleName) => $"{SwarmServiceSpec.ServiceNameOf(environmentName)}-role-{roleName}";

    /// <summary><c>service create</c>: the whole declaration, then the image and the role's command.</summary>
    public IReadOnlyList<string> CreateArguments(string image)
    {
        ArgumentException.ThrowIfNullOrEmpty(image);
        var arguments = new List<string>
        {
            "service", "create", "--detach",
            "--name", ServiceName,
            "--label", $"{SwarmServiceSpec.EnvironmentLabel}={environment.Name}",
            "--label", $"{RoleLabel}={Role.Name}",
            "--network", "host",
            "--read-only",
            "--mount", "type=tmpfs,target=/tmp",
            "--mount", $"type=volume,source={DeployNames.DataVolume(environment.Name)},target={environment.DataPath}",
        };
        foreach (var name in Variables.Keys.Order(StringComparer.Ordinal))
        {
            arguments.AddRange(["--env", name]);
        }

        if (!Role.UseImageHealthCheck)
        {
            // The image's check probes the web port, which a role does not serve.
            arguments.Add("--no-healthcheck");
        }

        if (Role.Entrypoint is { } entrypoint)
        {
            arguments.AddRange(["--entrypoint", entrypoint]);
        }

        arguments.AddRange(RolloutArguments());
        arguments.Add(image);
        arguments.AddRange(Role.Command);
        return arguments;
    }

    /// <summary>
    /// <c>service update</c> to another image with the role's declaration as it is now: its command (<c>--args</c>, each
    /// argument single-quoted, which the CLI's shell-style split of it, shlex, reads back as the argument), replicas and policy.
    /// </summary>
    public IReadOnlyList<string> UpdateArguments(string image)
    {
        ArgumentException.ThrowIfNullOrEmpty(image);
        return ["service", "update", "--detach", "--image", image, "--args", string.Join(' ', Role.Command.Select(PosixShell.Quote)), .. RolloutArguments(), ServiceName];
    }

    private List<string> RolloutArguments()
    {
        var order = Role.Singleton ? "stop-first" : "start-first";
        // The whole role at once, as the containers path starts a version's role containers together before it stops the old ones.
        var all = Role.Replicas.ToString(CultureInfo.InvariantCulture);
        var settle = SwarmServiceSpec.Duration(Role.SettleTime);
        return
        [
            "--replicas", Role.Replicas.ToString(CultureInfo.InvariantCulture),
            "--update-order", order,
            "--update-parallelism", all,
            "--update-failure-action", "rollback",
            "--update-max-failure-ratio", "0",
            "--update-monitor", settle,
            "--rollback-order", order,
            "--rollback-parallelism", all,
            "--rollback-failure-action", "pause",
            "--rollback-monitor", settle,
            "--stop-grace-period", SwarmServiceSpec.Duration(Role.StopGracePeriod),
            "--no-resolve-image",
        ];
    }
}
