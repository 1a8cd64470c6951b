using Slipway.Delivery.Docker;

namespace Slipway.Delivery.Image;

/// <summary>A validated build: the name, the tags and the exact build settings, computed without touching anything.</summary>
/// <param name="PlatformBuilds">
/// Without buildx, a multi-platform build is one BuildKit build per platform, each tagged <c>-&lt;os&gt;-&lt;arch&gt;</c>;
/// Push joins them in an index under <see cref="Tags"/>. Empty otherwise.
/// </param>
internal sealed record ImageBuildPlan(
    ImageName Name, IReadOnlyList<string> Tags, DockerBuildSettings Settings, string RecordPath, IReadOnlyList<ImagePlatformBuild> PlatformBuilds)
{
    public IReadOnlyList<string> References => Settings.Tags;

    public bool IsMultiPlatform => Settings.Platforms.Count > 1;
}
