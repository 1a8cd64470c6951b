using System.Diagnostics;
using System.Net;
using Slipway.Delivery.Deploy;
using Slipway.Delivery.Orchestration;
using Slipway.Delivery.Tests.Deploy;
using Slipway.Delivery.Tests.Deploy.Integration;
using Slipway.Delivery.Tests.Remote;

namespace Slipway.Delivery.Tests.Orchestration;

/// <summary>Environments Swarm runs, for the Swarm tests and benchmark, and what their edge serves.</summary>
internal static class SwarmEnvironments
{
    /// <summary>A staging environment that Swarm runs: what the containers path declares (its migrations too), minus what Swarm refuses.</summary>
    public static DeployEnvironment Staging => TestEnvironments.Staging with
    {
        Orchestrator = DeployOrchestrator.Swarm,
        Replicas = 3,
        RollingBatch = 2,
        BakeWindow = TimeSpan.FromSeconds(5),
        DeployTimeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>
    /// What <c>SwarmDeployTests</c> and the Swarm benchmark deploy on a namespaced host's single-node Swarm: 2 tasks, the
    /// edge at the host's address, Swarm's monitor 2 s per task.
    /// </summary>
    public static DeployEnvironment OnNamespacedHost(RemoteDockerHost host, string namePrefix) => new()
    {
        Name = namePrefix + Guid.NewGuid().ToString("N")[..8],
        Orchestrator = DeployOrchestrator.Swarm,
        DockerHost = host.EngineSocket,
        PublicEndpoint = new IPEndPoint(IPAddress.Parse(host.Address), 8081),
        AppPorts = new PortRange(28400, 16),
        Replicas = 2,
        // One task at a time (the default). With both at once, the CLI-only update was seen to end "completed" with the
        // never-ready tasks failing instead of rolled back: Swarm's monitor judged them before their check did.
        RollingBatch = 1,
        BakeWindow = TimeSpan.FromSeconds(2),
        DeployTimeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>
    /// Runs <paramref name="operation"/> under wrk through the environment's edge, and keeps the load on until the edge
    /// serves <paramref name="expected"/> (a replaced task may still answer for a moment), so requests to a task being
    /// drained count.
    /// </summary>
    public static async Task<(T Result, WrkReport Load)> UnderLoadAsync<T>(DeployEnvironment environment, HttpClient http, string expected, Func<Task<T>> operation)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var (result, _, report) = await WrkLoad.DuringAsync(new Uri(environment.Url, "/catalog"), operation, () => ServedVersionAsync(http, expected));
        return (result, report);
    }

    /// <summary>
    /// The version a user's request gets through the environment's edge: the stand-in answers its version on every
    /// public path (the edge keeps /status and the health paths internal: 403 from outside). Asked until it is
    /// <paramref name="expected"/>, for up to 10 s: a request the edge sends over a connection it opened to a replaced
    /// task before the update may still be answered by that task while it drains (docs/deploy.md, Docker Swarm).
    /// </summary>
    public static async Task<string> ServedVersionAsync(HttpClient http, string expected)
    {
        ArgumentNullException.ThrowIfNull(http);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            using var response = await http.GetAsync(new Uri("/catalog", UriKind.Relative));
            var body = (await response.Content.ReadAsStringAsync()).Trim();
            var served = response.IsSuccessStatusCode ? body : $"HTTP {(int)response.StatusCode}";
            if (served == expected || deadline.Elapsed > TimeSpan.FromSeconds(10))
            {
                return served;
            }

            await Task.Delay(200);
        }
    }
}
