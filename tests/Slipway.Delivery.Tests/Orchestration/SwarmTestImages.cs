using Slipway.Delivery.Docker;
using Slipway.Delivery.Image;
using Slipway.Delivery.Tests.Deploy.Integration;
using Slipway.Delivery.Tests.Docker;

namespace Slipway.Delivery.Tests.Orchestration;

/// <summary>
/// The deploy tests' stand-in versions (HAProxy serving a fixed version, about a second to build) with a HEALTHCHECK,
/// which Swarm needs to tell a healthy task from a started one, pushed to the local registry so a deploy goes by digest.
/// The check asks the task's own server on a unix socket in its private /tmp, never the shared loopback port: with the
/// host network two tasks of a start-first update listen on one port (SO_REUSEPORT), and a check through it could be
/// answered by the old task.
/// </summary>
internal static class SwarmTestImages
{
    public const string Repository = "slipway-tests/swarm-standin";

    private const string HealthCheck =
        """HEALTHCHECK --interval=1s --timeout=2s --retries=2 CMD ["sh", "-c", "printf 'GET /health/ready HTTP/1.0\\r\\n\\r\\n' | socat -t2 - UNIX-CONNECT:/tmp/app-health.sock | head -n1 | grep -q ' 200 '"]""";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    // Tags only, as in DeployTestImages: a digest reference may be another test process's image too.
    private static readonly List<string> Built = [];
    private static Dictionary<string, string>? images;

    /// <summary>Digest references by tag: v1 (1.0.0), v2 (2.0.0), never-ready (its readiness answers 503, so its health check fails).</summary>
    public static async Task<IReadOnlyDictionary<string, string>> BuildAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return images ??= await BuildAllAsync();
        }
        finally
        {
            Gate.Release();
        }
    }

    public static async Task RemoveAsync()
    {
        if (Built.Count == 0)
        {
            return;
        }

        var engine = await DockerEngine.ConnectAsync();
        await engine.TryRunAsync(engine.Images.Remove(true, [.. Built]));
        Built.Clear();
        images = null;
    }

    private static async Task<Dictionary<string, string>> BuildAllAsync()
    {
        var standIns = await DeployTestImages.StandInsAsync();
        var engine = await DockerTestEnvironment.ConnectAsync();
        var run = Guid.NewGuid().ToString("N")[..8];
        var references = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in new[] { "v1", "v2", "never-ready" })
        {
            var context = Directory.CreateTempSubdirectory("slipway-swarm-image-");
            try
            {
                await File.WriteAllTextAsync(Path.Combine(context.FullName, "Dockerfile"),
                    $"""
                    FROM {standIns[tag]}
                    USER 0
                    RUN sed -i 's#^\( *\)bind "${"{"}LISTEN_ADDRESS{"}"}:${"{"}ASPNETCORE_HTTP_PORTS{"}"}"#&\n\1bind unix@/tmp/app-health.sock#' /app/app.cfg && grep -q app-health.sock /app/app.cfg
                    USER 1654
                    {HealthCheck}
                    """);
                var reference = $"{ImageName.DefaultRegistry}/{Repository}:{tag}-{run}";
                Built.Add(reference);
                await engine.RunAsync(engine.Images.Build(new DockerBuildSettings { ContextDirectory = context.FullName, Tags = [reference], Network = "host" }));
                references[tag] = await DeployTestImages.PushAsync(engine, reference, Repository);
            }
            finally
            {
                context.Delete(recursive: true);
            }
        }

        return references;
    }
}
