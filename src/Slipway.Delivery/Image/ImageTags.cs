using NuGet.Versioning;
using Slipway.Engine;

namespace Slipway.Delivery.Image;

/// <summary>Which tags an image gets: always <c>sha-&lt;7&gt;</c>, the branch when known, the SemVer on a release.</summary>
internal static class ImageTags
{
    public const int ShortShaLength = 7;

    public static IReadOnlyList<string> For(string commit, string? branch, string version, bool isRelease)
    {
        var tags = new List<string> { ShaTag(commit) };
        if (OciTag.Sanitize(branch) is { } branchTag)
        {
            tags.Add(branchTag);
        }

        if (isRelease)
        {
            // Build metadata ("+abc") is not tag-safe; OCI tooling writes it with '-' (docker/metadata-action does too).
            tags.Add(OciTag.Sanitize(ParseVersion(version).ToFullString())!);
        }

        return [.. tags.Distinct(StringComparer.Ordinal)];
    }

    public static string ShaTag(string commit)
    {
        if (string.IsNullOrEmpty(commit) || commit.Length < ShortShaLength || !commit.All(char.IsAsciiHexDigit))
        {
            throw BuildFailedException.BadInput(
                $"'{commit}' is not a commit id: the image's sha tag needs at least {ShortShaLength} hex digits (git rev-parse HEAD).");
        }

        return "sha-" + commit[..ShortShaLength].ToLowerInvariant();
    }

    public static SemanticVersion ParseVersion(string version) =>
        SemanticVersion.TryParse(version, out var parsed)
            ? parsed
            : throw BuildFailedException.BadInput($"'{version}' is not a SemVer 2.0 version (e.g. 1.4.0 or 1.4.1-beta.3).");
}
