using Slipway.Delivery.Image;
using Slipway.Engine;
using Slipway.Engine.IO;

namespace Slipway.Delivery.Components;

/// <summary>Where the service image goes and where its record is handed over between stages.</summary>
public interface IHazImage : ISlipwayBuild
{
    [Parameter("Registry host the image is pushed to")]
    string Registry => this.GetParameter<string>() ?? ImageName.DefaultRegistry;

    [Parameter("Image repository within the registry")]
    string ImageRepository => this.GetParameter<string>() ?? "slipway/catalog-api";

    /// <summary>artifacts/image.json: written by DockerBuild, completed with the digest by Push, read by the deploys.</summary>
    AbsolutePath ImageRecordPath => ArtifactsDirectory / ImageRecordFile.FileName;
}
