using System.Globalization;
using Slipway.Delivery.Deploy;

namespace Slipway.Delivery.Orchestration.Swarm;

/// <summary>
/// An environment's declaration as a Swarm service (pure, unit-tested): its name, the port its tasks listen on, and the
/// arguments of <c>docker service create</c> / <c>update</c>. The same facts as the containers path — host network,
/// loopback port from <see cref="DeployEnvironment.AppPorts"/>, read-only root with a tmpfs /tmp, the data volume, the
/// app's environment by name only — and the update policy that makes Swarm's own rollout a safe one: start-first, a
/// failed task rolls the update back, each batch watched for <see cref="DeployEnvironment.BakeWindow"/>. The health check
/// is the image's own (HEALTHCHECK): Swarm does not count a task as running before it passes.
/// </summary>
internal sealed class SwarmServiceSpec(DeployEnvironment environment)
{
    /// <summary>Label on the service naming the environment it serves.</summary>
    public const string EnvironmentLabel = "org.slipway.environment";

    public DeployEnvironment Environment { get; } = environment;

    public string ServiceName => ServiceNameOf(Environment.Name);

    /// <summary>
    /// Where every task listens, on the node's loopback (host network): the first of AppPorts. Two tasks of a start-first
    /// update share it for a moment, so the app must bind with SO_REUSEPORT (HAProxy does; Kestrel does not: docs/deploy.md).
    /// </summary>
    public int Port => Environment.AppPorts.First;

    /// <summary>How long Slipway watches one update: the readiness budget, plus Swarm's monitor of each batch of tasks.</summary>
    public TimeSpan WatchTimeout =>
        Environment.DeployTimeout + (Environment.BakeWindow * Batches);

    private int Batches => (Environment.Replicas + Environment.RollingBatch - 1) / Environment.RollingBatch;

    public static string ServiceNameOf(string environmentName) => "slipway-" + environmentName;

    /// <summary><c>service create</c>: the whole declaration, the image last.</summary>
    public IReadOnlyList<string> CreateArguments(string image)
    {
        ArgumentException.ThrowIfNullOrEmpty(image);
        var port = Port.ToString(CultureInfo.InvariantCulture);
        var arguments = new List<string>
        {
            "service", "create", "--detach",
            "--name", ServiceName,
            "--label", $"{EnvironmentLabel}={Environment.Name}",
            "--network", "host",
            "--read-only",
            "--mount", "type=tmpfs,target=/tmp",
            "--mount", $"type=volume,source={DeployNames.DataVolume(Environment.Name)},target={Environment.DataPath}",
            "--env", $"ASPNETCORE_URLS=http://127.0.0.1:{port}",
            "--env", $"ASPNETCORE_HTTP_PORTS={port}",
        };

        // Names only: the CLI takes each value from its own environment, so values never reach argv or a log line.
        foreach (var name in Environment.AppEnvironment.Keys.Order(StringComparer.Ordinal))
        {
            arguments.AddRange(["--env", name]);
        }

        arguments.AddRange(RolloutArguments());
        arguments.Add(image);
        return arguments;
    }

    /// <summary><c>service update</c> to another image, with the rollout policy and replica count as declared now.</summary>
    public IReadOnlyList<string> UpdateArguments(string image)
    {
        ArgumentException.ThrowIfNullOrEmpty(image);
        return ["service", "update", "--detach", "--image", image, .. RolloutArguments(), ServiceName];
    }

    /// <summary>
    /// The replica count and the update and rollback policy. <c>--no-resolve-image</c>: Slipway deploys by digest, so
    /// the reference already pins the image; asking the registry again would only add a round trip (and fail on a node
    /// that reaches the registry only by pull).
    /// </summary>
    private List<string> RolloutArguments()
    {
        var batch = Environment.RollingBatch.ToString(CultureInfo.InvariantCulture);
        var monitor = Seconds(Environment.BakeWindow);
        return
        [
            "--replicas", Environment.Replicas.ToString(CultureInfo.InvariantCulture),
            "--update-order", "start-first",
            "--update-parallelism", batch,
            "--update-failure-action", "rollback",
            "--update-max-failure-ratio", "0",
            "--update-monitor", monitor,
            "--rollback-order", "start-first",
            "--rollback-parallelism", batch,
            "--rollback-failure-action", "pause",
            "--rollback-monitor", monitor,
            "--stop-grace-period", Seconds(Environment.DrainTimeout),
            "--no-resolve-image",
        ];
    }

    private static string Seconds(TimeSpan span) =>
        string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, (long)Math.Ceiling(span.TotalMilliseconds))}ms");
}
