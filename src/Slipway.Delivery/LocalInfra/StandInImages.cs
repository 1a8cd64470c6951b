using Slipway.Delivery.Docker;

namespace Slipway.Delivery.LocalInfra;

/// <summary>
/// Locally built stand-ins for the public base images that machines without internet cannot pull. The recipe that
/// builds them is .ci/provision-docker.sh; these names must match it.
/// </summary>
internal static class StandInImages
{
    /// <summary>Stands in for <c>mcr.microsoft.com/dotnet/sdk:10.0</c>.</summary>
    public const string Sdk = "slipway/standin-sdk:10.0";

    /// <summary>Stands in for <c>mcr.microsoft.com/dotnet/aspnet:10.0</c>.</summary>
    public const string AspNet = "slipway/standin-aspnet:10.0";

    /// <summary>Stands in for <c>haproxy:2.6</c>.</summary>
    public const string HaProxy = "slipway/standin-haproxy:2.6";

    /// <summary>Stands in for <c>debian:bookworm-slim</c>, where the Dockerfile's PostgreSQL client stage installs pg_dump.</summary>
    public const string Debian = "slipway/standin-rootfs:bookworm";

    public static IReadOnlyList<string> All { get; } = [Sdk, AspNet, HaProxy, Debian];

    /// <summary>The root Dockerfile's base-image build arguments, pointed at the stand-ins.</summary>
    public static IReadOnlyDictionary<string, string> DockerfileBaseImages { get; } = new Dictionary<string, string>
    {
        ["SDK_IMAGE"] = Sdk,
        ["RUNTIME_IMAGE"] = AspNet,
        ["PG_TOOLS_IMAGE"] = Debian,
    };

    /// <summary>Where provisioning pushes the stand-ins, so builds name them by digest as the Dockerfile names the public bases.</summary>
    public const string Registry = "127.0.0.1:5000";

    /// <summary>
    /// The Dockerfile's base-image build arguments, each stand-in by the digest it has in the local registry
    /// (<c>127.0.0.1:5000/slipway/standin-aspnet@sha256:…</c>), as pushed by .ci/provision-docker.sh; a stand-in never
    /// pushed there (provisioned before pinning) stays by tag.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, string>> PinnedDockerfileBaseImagesAsync(DockerEngine engine, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var pinned = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (argument, image) in DockerfileBaseImages)
        {
            var result = await engine.TryRunAsync(engine.Images.Inspect(image, "{{json .RepoDigests}}"), cancellationToken);
            var digests = result.Succeeded ? System.Text.Json.JsonSerializer.Deserialize<string[]>(result.StandardOutput.Trim()) ?? [] : [];
            pinned[argument] = digests.FirstOrDefault(d => d.StartsWith(Registry + "/", StringComparison.Ordinal)) ?? image;
        }

        return pinned;
    }
}
