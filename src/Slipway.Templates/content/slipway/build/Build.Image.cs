using Slipway.Delivery.Components;
using Slipway.Engine;
using Slipway.Engine.IO;

/// <summary>What the service's image is called and which Dockerfile builds it (context: the repository root).</summary>
sealed partial class Build
{
    /// <summary>Local builds use this name; CI passes IMAGE_REPOSITORY or github.repository. Registries want it lowercase.</summary>
    string IHazImage.ImageRepository =>
        (this.GetParameter<string>(nameof(IHazImage.ImageRepository)) ?? "slipway-image-repository").ToLowerInvariant();

    /// <summary>
    /// The Dockerfile. Give it <c>ARG SDK_IMAGE</c> and <c>ARG RUNTIME_IMAGE</c> for its base images, so a machine
    /// without internet builds from local stand-ins (--base-images), and <c>ARG VERSION</c> / <c>INFORMATIONAL_VERSION</c>
    /// to stamp the version from git into the app.
    /// </summary>
    AbsolutePath IDockerBuild.Dockerfile => RootDirectory / "slipway-dockerfile-path";
}
