using Serilog;
using Slipway.Engine;

namespace Slipway.Delivery.Image;

/// <summary>
/// Adds a promotion's tags to the manifest already in the registry, through the registry's HTTP API, and checks that
/// every tag then names exactly that digest (Kargo's and Argo CD's promotion of one artifact between stages).
/// </summary>
internal sealed class ImagePromoter(RegistryClient registry)
{
    public async Task PromoteAsync(ImagePromotion promotion, RegistryCredentials? credentials, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(promotion);
        foreach (var tag in promotion.Tags)
        {
            var written = await registry.TagManifestAsync(promotion.Name, promotion.Digest, tag, credentials, cancellationToken);
            if (!written.Found)
            {
                throw new BuildFailedException(
                    $"Tagging {promotion.Name.WithDigest(promotion.Digest)} as {tag} failed: {written.Url} answered HTTP {written.StatusCode}. " +
                    "Check that the digest is in the repository and that the registry credentials may push to it.");
            }

            var check = await registry.GetManifestDigestAsync(promotion.Name, tag, credentials, cancellationToken);
            if (check.Digest != promotion.Digest)
            {
                throw new BuildFailedException(
                    $"After tagging, {promotion.Name.WithTag(tag)} names {check.Digest ?? "nothing"}, not {promotion.Digest}: another push moved it meanwhile.");
            }

            Log.Information("Tagged {Image} as {Tag}", promotion.Name.WithDigest(promotion.Digest), tag);
        }
    }
}
