using Slipway.Delivery.Image;

namespace Slipway.Delivery.LocalInfra;

/// <summary>What the local Docker setup has and lacks: engine, registry, stand-in base images.</summary>
internal sealed record LocalInfraStatus(string? EngineVersion, RegistryProbe Registry, IReadOnlyList<string> MissingImages, IReadOnlyList<string> Problems)
{
    public bool IsReady => Problems.Count == 0;

    public string Describe() => IsReady
        ? $"Docker {EngineVersion}, registry {Registry.Endpoint}, stand-in images present."
        : string.Join(Environment.NewLine, Problems.Prepend(
            $"The local Docker setup is incomplete; run (as root) {LocalDockerInfra.ProvisionScript}:"));
}
