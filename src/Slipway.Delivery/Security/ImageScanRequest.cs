using Slipway.Delivery.Image;
using Slipway.Engine;

namespace Slipway.Delivery.Security;

/// <summary>
/// Which image the Scan target checks with trivy, where trivy reads it from, and the login it may use there.
/// </summary>
internal sealed record ImageScanRequest
{
    /// <summary>The image reference; null when no image is to be scanned.</summary>
    public string? Image { get; init; }

    /// <summary>
    /// Read the image from its registry even when a local engine has an image of the same name (<c>--image-src remote</c>):
    /// a published tag is scanned as the registry serves it, not as a stale local copy.
    /// </summary>
    public bool FromRegistry { get; init; }

    /// <summary>A login for the image's registry (<see cref="Registry"/>) only; null uses the Docker credential store.</summary>
    public RegistryCredentials? Credentials { get; init; }

    /// <summary>The registry host of <see cref="Image"/> (Docker's rule: a first path part with '.' or ':', or localhost; else Docker Hub).</summary>
    public string? Registry => Image is null ? null : ImageName.RegistryOf(Image);

    /// <summary>
    /// <c>--image</c> when given (a local or a pushed image); otherwise, with a tag, the image Push published under it
    /// (<c>&lt;registry&gt;/&lt;repository&gt;:&lt;tag&gt;</c>, read from the registry); otherwise nothing to scan.
    /// Names are checked the way Push checks them, so a bad one is bad input before anything runs.
    /// </summary>
    public static ImageScanRequest Resolve(string? image, string? publishedTag, string registry, string repository, RegistryCredentials? credentials)
    {
        ArgumentNullException.ThrowIfNull(repository);
        if (!string.IsNullOrWhiteSpace(image))
        {
            return new ImageScanRequest { Image = image.Trim(), Credentials = credentials };
        }

        if (string.IsNullOrWhiteSpace(publishedTag))
        {
            return new ImageScanRequest();
        }

        if (!OciTag.IsValid(publishedTag))
        {
            throw BuildFailedException.BadInput(
                $"--scan-image-tag '{publishedTag}' is not an image tag: letters, digits, '_', '.' and '-', at most {OciTag.MaxLength}, e.g. main.");
        }

        var name = new ImageName(registry, repository);
        return new ImageScanRequest { Image = name.WithTag(publishedTag), FromRegistry = true, Credentials = credentials };
    }
}
