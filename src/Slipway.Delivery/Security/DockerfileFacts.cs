using System.Text.RegularExpressions;

namespace Slipway.Delivery.Security;

/// <summary>
/// What the SBOM and provenance need from a Dockerfile, read from its text: the project it publishes (the CycloneDX
/// tool's input) and the base images its <c>ARG *_IMAGE=</c> defaults name (pinned by digest when they carry one).
/// </summary>
internal static partial class DockerfileFacts
{
    public static string? PublishedProject(string dockerfile)
    {
        ArgumentNullException.ThrowIfNull(dockerfile);
        return PublishLine().Match(dockerfile) is { Success: true } match ? match.Groups["project"].Value : null;
    }

    public static IReadOnlyList<string> BaseImages(string dockerfile)
    {
        ArgumentNullException.ThrowIfNull(dockerfile);
        return [.. BaseImageArgument().Matches(dockerfile).Select(m => m.Groups["image"].Value)];
    }

    [GeneratedRegex(@"dotnet\s+publish\s+(?<project>\S+\.(?:cs|fs|vb)proj)", RegexOptions.CultureInvariant)]
    private static partial Regex PublishLine();

    [GeneratedRegex(@"^\s*ARG\s+\w+_IMAGE=(?<image>\S+)\s*$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex BaseImageArgument();
}
