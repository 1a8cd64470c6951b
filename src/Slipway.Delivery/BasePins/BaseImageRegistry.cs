using Slipway.Delivery.Image;
using Slipway.Engine;

namespace Slipway.Delivery.BasePins;

/// <summary>Where the registry API of an image reference as <c>docker pull</c> reads it lives.</summary>
internal static class BaseImageRegistry
{
    /// <summary>Docker Hub's registry API host: <c>docker.io</c> names the hub, but its API answers here.</summary>
    public const string DockerHubApi = "registry-1.docker.io";

    /// <summary>
    /// The registry and repository to ask, as <c>docker pull</c> reads the pin's image (<see cref="ImageName.OfPullName"/>),
    /// with Docker Hub's API host for Docker Hub.
    /// </summary>
    public static ImageName ApiName(DockerfilePin pin, string fileName)
    {
        ArgumentNullException.ThrowIfNull(pin);
        try
        {
            var name = ImageName.OfPullName(pin.Image);
            return name.Registry is ImageName.DockerHub or "index.docker.io" ? new ImageName(DockerHubApi, name.Repository) : name;
        }
        catch (BuildFailedException exception)
        {
            throw BuildFailedException.BadInput(
                $"{fileName} line {pin.LineNumber}: ARG {pin.Argument} names '{pin.Image}', which is not an image name ({exception.Message}) " +
                "Fix the image in that line; nothing was changed.");
        }
    }
}
