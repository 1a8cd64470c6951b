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

    /// <summary>A role's service created with <paramref name="image"/>, the role's variables' values in the CLI's environment only.</summary>
    public ToolInvocation CreateRole(SwarmRoleSpec role, string image) => docker.Command([.. role.CreateArguments(image)]).WithEnvironment(role.Variables);

    /// <summary>A role's service updated to <paramref name="image"/> with its declaration as it is now.</summary>
    public ToolInvocation UpdateRole(SwarmRoleSpec role, string image) => docker.Command([.. role.UpdateArguments(image)]).WithEnvironment(role.Variables);

    /// <summary>Back to the service's previous spec (Swarm keeps one), watched like an update.</summary>
    public ToolInvocation Rollback() => Rollback(Spec.ServiceName);

    /// <summary><see cref="Rollback()"/> of any of the environment's services (a role's).</summary>
    public ToolInvocation Rollback(string service) => docker.Command("service", "rollback", "--detach", service);

    /// <summary>The service as JSON (<see cref="SwarmService.Parse"/>); fails when it does not exist.</summary>
    public ToolInvocation Inspect() => Inspect(Spec.ServiceName);

    public ToolInvocation Inspect(string service) => docker.Query("service", "inspect", service);

    /// <summary>Every task of the service, current and past (<see cref="SwarmTask.ParseLines"/>).</summary>
    public ToolInvocation Tasks() => Tasks(Spec.ServiceName);

    public ToolInvocation Tasks(string service) => docker.Query("service", "ps", "--no-trunc", "--format", TaskFormat, service);

    /// <summary>The node each task runs on, one ID per line in the order of <paramref name="taskIds"/>.</summary>
    public ToolInvocation TaskNodes(IEnumerable<string> taskIds) => docker.Query(["inspect", "--type", "task", "--format", "{{.NodeID}}", .. taskIds]);

    /// <summary>Each node's address, one <see cref="SwarmNodeAddress"/> line per node in the order of <paramref name="nodeIds"/>.</summary>
    public ToolInvocation NodeAddresses(IEnumerable<string> nodeIds) => docker.Query(["node", "inspect", "--format", SwarmNodeAddress.Format, .. nodeIds]);

    public ToolInvocation Remove() => Remove(Spec.ServiceName);

    public ToolInvocation Remove(string service) => docker.Command("service", "rm", service);

    private ToolInvocation WithAppEnvironment(ToolInvocation invocation) => invocation.WithEnvironment(Spec.Environment.AppEnvironment);
}
