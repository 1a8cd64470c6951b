using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
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
    /// Where every task listens (host network): the first of AppPorts. Two tasks of a start-first update share it for a
    /// moment, so the app must bind with SO_REUSEPORT (HAProxy does; Kestrel does not: docs/deploy.md).
    /// </summary>
    public int Port => Environment.AppPorts.First;

    /// <summary>
    /// The address the tasks bind: the node's loopback while the Swarm is one node (the edge beside them reaches them
    /// there, and nothing else can); every interface once it has more, since the edge on the manager then reaches the
    /// tasks on the other nodes at their node's address — the app port is then open on each node's network, as a
    /// host-mode published port is (docs/deploy.md, Several nodes).
    /// </summary>
    public static IPAddress ListenAddress(int nodes) => nodes > 1 ? IPAddress.Any : IPAddress.Loopback;

    /// <summary><c>ASPNETCORE_URLS</c> for the tasks of a Swarm of <paramref name="nodes"/> nodes.</summary>
    [SuppressMessage("Security", "S5332", Justification = "The address Kestrel listens on behind the edge, which terminates TLS where the environment has it (PublicUrl); never requested.")]
    public string ListenUrl(int nodes) => string.Create(CultureInfo.InvariantCulture, $"http://{ListenAddress(nodes)}:{Port}");

    /// <summary>How long Slipway watches one update: the readiness budget, plus Swarm's monitor of each batch of tasks.</summary>
    public TimeSpan WatchTimeout =>
        Environment.DeployTimeout + (Environment.BakeWindow * Batches);

    private int Batches => (Environment.Replicas + Environment.RollingBatch - 1) / Environment.RollingBatch;

    public static string ServiceNameOf(string environmentName) => "slipway-" + environmentName;

    /// <summary><c>service create</c>: the whole declaration, the image last.</summary>
    public IReadOnlyList<string> CreateArguments(string image, int nodes = 1)
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
            "--env", $"ASPNETCORE_URLS={ListenUrl(nodes)}",
            "--env", $"ASPNETCORE_HTTP_PORTS={port}",
        };

        // Names only: the CLI takes each value from its own environment, so values never reach argv or a log line.
        foreach (var name in Environment.AppEnvironment.Keys.Order(StringComparer.Ordinal))
        {
            arguments.AddRange(["--env", name]);
        }

        arguments.AddRange(RolloutArguments(Environment.Replicas));
        arguments.Add(image);
        return arguments;
    }

    /// <summary>
    /// <c>service update</c> to another image with <paramref name="replicas"/> tasks (the declared count, or one an operator
    /// scaled to since: DeployPlanner.ReplicasFor), the rollout policy as declared now, and the listen address for the
    /// Swarm's size now (a node added since the last deploy opens the tasks to the edge on the manager).
    /// </summary>
    public IReadOnlyList<string> UpdateArguments(string image, int nodes, int replicas)
    {
        ArgumentException.ThrowIfNullOrEmpty(image);
        return ["service", "update", "--detach", "--image", image, "--env-add", $"ASPNETCORE_URLS={ListenUrl(nodes)}", .. RolloutArguments(replicas), ServiceName];
    }

    /// <summary><c>service update --replicas</c> alone (Scale): Swarm starts or stops tasks of the running spec; nothing else changes.</summary>
    public IReadOnlyList<string> ScaleArguments(int replicas) =>
        ["service", "update", "--detach", "--replicas", replicas.ToString(CultureInfo.InvariantCulture), ServiceName];

    /// <summary>
    /// The replica count and the update and rollback policy. <c>--no-resolve-image</c>: Slipway deploys by digest, so
    /// the reference already pins the image; asking the registry again would only add a round trip (and fail on a node
    /// that reaches the registry only by pull).
    /// </summary>
    private List<string> RolloutArguments(int replicas)
    {
        var batch = Environment.RollingBatch.ToString(CultureInfo.InvariantCulture);
        var monitor = Duration(Environment.BakeWindow);
        return
        [
            "--replicas", replicas.ToString(CultureInfo.InvariantCulture),
            "--update-order", "start-first",
            "--update-parallelism", batch,
            "--update-failure-action", "rollback",
            "--update-max-failure-ratio", "0",
            "--update-monitor", monitor,
            "--rollback-order", "start-first",
            "--rollback-parallelism", batch,
            "--rollback-failure-action", "pause",
            "--rollback-monitor", monitor,
            "--stop-grace-period", Duration(Environment.DrainTimeout),
            "--no-resolve-image",
        ];
    }

    /// <summary>A duration as the <c>docker service</c> flags take it, in whole milliseconds.</summary>
    public static string Duration(TimeSpan span) =>
        string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, (long)Math.Ceiling(span.TotalMilliseconds))}ms");
}
