using System.Text.RegularExpressions;
using Slipway.Engine;

namespace Slipway.Delivery.Image;

/// <summary>A target platform, <c>os/architecture[/variant]</c> as Docker and the OCI image index name it.</summary>
internal sealed partial record ImagePlatform(string Os, string Architecture, string? Variant)
{
    /// <summary>Parses <c>linux/arm64</c> or <c>linux/arm/v7</c>; a bad value is refused naming the form (exit 2).</summary>
    public static ImagePlatform Parse(string value)
    {
        var match = PlatformPattern().Match(value?.Trim() ?? string.Empty);
        if (!match.Success)
        {
            throw BuildFailedException.BadInput(
                $"'{value}' is not a platform: use os/architecture[/variant], e.g. linux/amd64, linux/arm64 or linux/arm/v7.");
        }

        return new ImagePlatform(match.Groups[1].Value, match.Groups[2].Value, match.Groups[3].Success ? match.Groups[3].Value : null);
    }

    /// <summary>For a tag: <c>linux-arm64</c>, <c>linux-arm-v7</c>.</summary>
    public string TagSuffix => Variant is null ? $"{Os}-{Architecture}" : $"{Os}-{Architecture}-{Variant}";

    public override string ToString() => Variant is null ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";

    [GeneratedRegex("^([a-z0-9]+)/([a-z0-9_]+)(?:/([a-z0-9]+))?$")]
    private static partial Regex PlatformPattern();
}
