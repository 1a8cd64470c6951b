using NuGet.Versioning;

namespace Slipway.Delivery.Image;

/// <summary>
/// A promotion as data: which manifest (by digest) gets which tags in its repository. Printed by <c>--dry-run</c>
/// before anything changes; <see cref="ImagePromoter"/> carries it out.
/// </summary>
internal sealed record ImagePromotion(ImageName Name, string Digest, IReadOnlyList<string> Tags)
{
    /// <summary>
    /// The tags a release gets: its SemVer (<c>1.4.0</c>), the minor line (<c>1.4</c>) and <c>latest</c>, as
    /// docker/metadata-action's semver patterns give them; a pre-release gets its own SemVer only, so it never moves a
    /// line or <c>latest</c>.
    /// </summary>
    public static IReadOnlyList<string> ReleaseTags(string semVer, bool latest = true)
    {
        var version = SemanticVersion.Parse(semVer);
        if (version.IsPrerelease)
        {
            return [version.ToNormalizedString()];
        }

        var tags = new List<string> { version.ToNormalizedString(), $"{version.Major}.{version.Minor}" };
        if (latest)
        {
            tags.Add("latest");
        }

        return tags;
    }

    public string Describe() =>
        $"Promote {Name.WithDigest(Digest)}: tag {string.Join(", ", Tags)} in {Name} (the same manifest; no build, no layer pulled or pushed)";
}
