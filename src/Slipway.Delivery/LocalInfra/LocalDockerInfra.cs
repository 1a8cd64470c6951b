using Slipway.Delivery.Docker;
using Slipway.Delivery.Image;
using Slipway.Engine;

namespace Slipway.Delivery.LocalInfra;

/// <summary>
/// The LocalInfra stage: a Docker engine, a registry on localhost:5000 and the stand-in base images. It checks
/// readiness itself (cheap, idempotent) and leaves provisioning to .ci/provision-docker.sh, the one place the recipe
/// lives, so CI (which calls the script from .ci/run) and a developer's build do exactly the same thing.
/// </summary>
internal static class LocalDockerInfra
{
    public const string ProvisionScript = ".ci/provision-docker.sh";

    public const string Registry = ImageName.DefaultRegistry;

    public static async Task<LocalInfraStatus> CheckAsync(CancellationToken cancellationToken = default)
    {
        var problems = new List<string>();
        var missing = new List<string>();
        string? engineVersion = null;
        try
        {
            await using var engine = await DockerEngine.ConnectAsync(cancellationToken: cancellationToken);
            engineVersion = engine.ServerVersion;
            foreach (var image in StandInImages.All)
            {
                var inspect = await engine.TryRunAsync(engine.Images.Inspect(image, "{{.Id}}"), cancellationToken);
                if (!inspect.Succeeded)
                {
                    missing.Add(image);
                }
            }

            if (missing.Count > 0)
            {
                problems.Add($"stand-in base images missing: {string.Join(", ", missing)}");
            }
        }
        catch (BuildFailedException exception)
        {
            problems.Add(exception.Message);
        }

        using var registryClient = new RegistryClient(TimeSpan.FromSeconds(5));
        var probe = await registryClient.ProbeAsync(Registry, credentials: null, cancellationToken);
        if (probe.StatusCode != 200)
        {
            problems.Add($"no registry at {Registry}: {probe}");
        }

        return new LocalInfraStatus(engineVersion, probe, missing, problems);
    }

    /// <summary>Provisions what is missing (as root, or through passwordless sudo), then checks again.</summary>
    public static async Task<LocalInfraStatus> EnsureAsync(string repositoryRoot, CancellationToken cancellationToken = default)
    {
        var status = await CheckAsync(cancellationToken);
        if (status.IsReady)
        {
            return status;
        }

        await MachineProvisioning.RunScriptAsync(repositoryRoot, ProvisionScript, await MachineProvisioning.DetectAsync(cancellationToken), cancellationToken);

        status = await CheckAsync(cancellationToken);
        return status.IsReady ? status : throw new BuildFailedException(status.Describe());
    }
}
