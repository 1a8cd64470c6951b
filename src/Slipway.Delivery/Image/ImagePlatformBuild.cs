using Slipway.Delivery.Docker;

namespace Slipway.Delivery.Image;

/// <summary>One platform's build of a multi-platform image on an engine without buildx.</summary>
internal sealed record ImagePlatformBuild(ImagePlatform Platform, string Reference, DockerBuildSettings Settings);
