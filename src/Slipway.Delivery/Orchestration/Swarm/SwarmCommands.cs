using Slipway.Delivery.Docker;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Orchestration.Swarm;

/// <summary>
/// The <c>docker service</c> command lines of one environment's Swarm service, as data (Kamal's <c>commands/*</c>),
/// built on <see cref="DockerCli"/> so they reach the engine the deploy reaches (local, <c>DOCKER_HOST</c>, a context or
/// <c>ssh://</c>). Every change is <c>--detach</c>ed: Slipway watches the update itself (<see cref="SwarmUpdateDecider"/>),
/// because the CLI's own wait exits 0 after Swarm rolled the update back (docker/cli#6752).
/// </summary>
internal sealed class SwarmCommands(DockerCli docker, SwarmServiceSpec spec)
{
    /// <summary>The task listing <see cref="SwarmTask.ParseLines"/> reads: one JSON object per task.</summary>
    public const string TaskFormat = "{{json .}}";

    public SwarmServiceSpec Spec { get; } = spec;

    /// <summary>Whether the engine is a Swarm manager: prints <c>active true</c> on one.</summary>
    public ToolInvocation SwarmState() => docker.Query("info", "--format", "{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}} {{.Swarm.Nodes}}");

    public ToolInvocation Create(string image, int nodes) => WithAppEnvironment(docker.Command([.. Spec.CreateArguments(image, nodes)]));

    public ToolInvocation Update(string image, int nodes, int replicas) => docker.Command([.. Spec.UpdateArguments(image, nodes, replicas)]);

    public ToolInvocation Scale(int replicas) => docker.Command([.. Spec.ScaleArguments(replicas)]);

    /// <summary>Back to the service's previous spec (Swarm keeps one), watched like an update.</summary>
    public ToolInvocation Rollback() => docker.Command("service", "rollback", "--detach", Spec.ServiceName);

    /// <summary>The service as JSON (<see cref="SwarmService.Parse"/>); fails when it does not exist.</summary>
    public ToolInvocation Inspect() => docker.Query("service", "inspect", Spec.ServiceName);

    /// <summary>Every task of the service, current and past (<see cref="SwarmTask.ParseLines"/>).</summary>
    public ToolInvocation Tasks() => docker.Query("service", "ps", "--no-trunc", "--format", TaskFormat, Spec.ServiceName);

    /// <summary>The node each task runs on, one ID per line in the order of <paramref name="taskIds"/>.</summary>
    public ToolInvocation TaskNodes(IEnumerable<string> taskIds) => docker.Query(["inspect", "--type", "task", "--format", "{{.NodeID}}", .. taskIds]);

    /// <summary>Each node's address, one <see cref="SwarmNodeAddress"/> line per node in the order of <paramref name="nodeIds"/>.</summary>
    public ToolInvocation NodeAddresses(IEnumerable<string> nodeIds) => docker.Query(["node", "inspect", "--format", SwarmNodeAddress.Format, .. nodeIds]);

    public ToolInvocation Remove() => docker.Command("service", "rm", Spec.ServiceName);

    private ToolInvocation WithAppEnvironment(ToolInvocation invocation)
    {
        var variables = new Dictionary<string, string?>(invocation.Environment, StringComparer.Ordinal);
        foreach (var (name, value) in Spec.Environment.AppEnvironment)
        {
            variables[name] = value;
        }

        return invocation with { Environment = variables };
    }
}
