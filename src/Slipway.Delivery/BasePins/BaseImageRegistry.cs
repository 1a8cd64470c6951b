using Slipway.Delivery.Image;
using Slipway.Engine;

namespace Slipway.Delivery.BasePins;

/// <summary>Where the registry API of an image reference as <c>docker pull</c> reads it lives.</summary>
internal static class BaseImageRegistry
{
    /// <summary>Docker Hub's registry API host: <c>docker.io</c> names the hub, but its API answers here.</summary>
    public const string DockerHubApi = "registry-1.docker.io";

    /// <summary>
    /// The registry and repository to ask: the first path part is the registry when it has a '.' or ':' or is
    /// <c>localhost</c> (<c>mcr.microsoft.com/dotnet/aspnet</c>, <c>127.0.0.1:5000/base</c>); otherwise the image is Docker
    /// Hub's, official images under <c>library/</c> (<c>debian</c> → <c>library/debian</c>).
    /// </summary>
    public static ImageName ApiName(DockerfilePin pin, string fileName)
    {
        ArgumentNullException.ThrowIfNull(pin);
        var image = pin.Image;
        var slash = image.IndexOf('/', StringComparison.Ordinal);
        var first = slash < 0 ? string.Empty : image[..slash];
        var explicitRegistry = first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost";
        var (registry, repository) = explicitRegistry
            ? (first, image[(slash + 1)..])
            : ("docker.io", slash < 0 ? "library/" + image : image);
        if (registry is "docker.io" or "index.docker.io")
        {
            registry = DockerHubApi;
        }

        try
        {
            return new ImageName(registry, repository);
        }
        catch (BuildFailedException exception)
        {
            throw BuildFailedException.BadInput(
                $"{fileName} line {pin.LineNumber}: ARG {pin.Argument} names '{pin.Image}', which is not an image name ({exception.Message}) " +
                "Fix the image in that line; nothing was changed.");
        }
    }
}
