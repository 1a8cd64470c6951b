using System.Security.Cryptography;
using System.Text;

namespace Slipway.Delivery.Deploy;

/// <summary>
/// The edge image a deploy runs: built on the target host from Slipway's edge Dockerfile (embedded in this assembly)
/// on top of the official <c>haproxy</c> image or a local stand-in. Its tag hashes the Dockerfile and the base, so a
/// changed recipe gets a new image and an unchanged one is never rebuilt.
/// </summary>
internal static class EdgeImage
{
    public const string DefaultBase = "haproxy:2.6";

    public static string Dockerfile { get; } = ReadDockerfile();

    public static string TagFor(string baseImage)
    {
        ArgumentNullException.ThrowIfNull(baseImage);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Dockerfile + "\n" + baseImage)));
        return $"slipway/edge:{hash[..12]}";
    }

    private static string ReadDockerfile()
    {
        using var stream = typeof(EdgeImage).Assembly.GetManifestResourceStream("Slipway.Delivery.Edge.Dockerfile")
            ?? throw new InvalidOperationException("The edge Dockerfile is not embedded in Slipway.Delivery.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
