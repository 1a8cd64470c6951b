using Slipway.Delivery.Image;

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
    /// The Dockerfile's base-image build arguments, each stand-in by the digest the local registry serves for it
    /// (<c>127.0.0.1:5000/slipway/standin-aspnet@sha256:…</c>; for the ASP.NET stand-in an index of linux/amd64 and
    /// linux/arm64), as .ci/provision-docker.sh and provision-platforms.sh push them; a stand-in the registry does not
    /// hold (provisioned before pinning) stays by tag.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, string>> PinnedDockerfileBaseImagesAsync(CancellationToken cancellationToken = default)
    {
        using var registry = new RegistryClient(TimeSpan.FromSeconds(10));
        var pinned = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (argument, image) in DockerfileBaseImages)
        {
            var separator = image.LastIndexOf(':');
            var name = new ImageName(Registry, image[..separator]);
            ManifestLookup? lookup = null;
            try
            {
                lookup = await registry.GetManifestDigestAsync(name, image[(separator + 1)..], credentials: null, cancellationToken);
            }
            catch (HttpRequestException)
            {
                // No local registry: the build goes by tag, as before pinning.
            }

            pinned[argument] = lookup is { Found: true } ? name.WithDigest(lookup.Digest!) : image;
        }

        return pinned;
    }
}
