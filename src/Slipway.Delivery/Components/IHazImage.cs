using Slipway.Delivery.Image;
using Slipway.Engine;
using Slipway.Engine.IO;

namespace Slipway.Delivery.Components;

/// <summary>Where the service image goes and where its record is handed over between stages.</summary>
public interface IHazImage : ISlipwayBuild
{
    [Parameter("Registry host the image is pushed to"), GitHubActionsVariable(Default = "'ghcr.io'")]
    string Registry => this.GetParameter<string>() ?? ImageName.DefaultRegistry;

    /// <summary>
    /// Defaults to the repository folder's name, the nearest app-neutral guess; a build names its image by re-implementing
    /// this property. Lowercased because registries accept lowercase names only, while GitHub's <c>github.repository</c> (the generated
    /// workflows' default) keeps the owner's capitals — as docker/metadata-action does for the same reason.
    /// </summary>
    [Parameter("Image repository within the registry (lowercased)"), GitHubActionsVariable(Default = "github.repository")]
    string ImageRepository => (this.GetParameter<string>() ?? RootDirectory.Name).ToLowerInvariant();

    /// <summary>One parameter for both uses, so <c>--image</c> means the same thing everywhere.</summary>
    [Parameter("Image reference: the image Scan checks with trivy, or the image a deploy ships (by digest: registry/repository@sha256:...; default: artifacts/image.json from Push)")]
    string? Image => this.GetParameter<string>();

    /// <summary>artifacts/image.json: written by DockerBuild, completed with the digest by Push, read by the deploys.</summary>
    AbsolutePath ImageRecordPath => ArtifactsDirectory / ImageRecordFile.FileName;
}
