using Slipway.Delivery.Docker;

namespace Slipway.Delivery.Image;

/// <summary>A validated build: the name, the tags and the exact build settings, computed without touching anything.</summary>
internal sealed record ImageBuildPlan(ImageName Name, IReadOnlyList<string> Tags, DockerBuildSettings Settings, string RecordPath)
{
    public IReadOnlyList<string> References => Settings.Tags;

    public bool IsMultiPlatform => Settings.Platforms.Count > 1;
}
