using System.Text;
using System.Text.RegularExpressions;
using Slipway.Engine;

namespace Slipway.Delivery.BasePins;

/// <summary>
/// Reads and rewrites the pinned base images of a Dockerfile: each <c>ARG NAME=registry/repo:tag@sha256:…</c> line.
/// Dependabot does not resolve <c>ARG</c> defaults (dependabot-core#2057), so these pins are refreshed by
/// RefreshBasePins instead. Pure: text in, text out; the rewrite replaces only digests, so every other byte (line
/// endings, comments, spacing) stays as written.
/// </summary>
internal static partial class DockerfilePins
{
    /// <summary>Every <c>ARG NAME=image:tag@digest</c> line, in file order. Unpinned <c>ARG</c>s are ignored.</summary>
    /// <exception cref="BuildFailedException">Exit 2 when a pin is malformed (a bad digest, or a digest without a tag to follow).</exception>
    public static IReadOnlyList<DockerfilePin> Parse(string dockerfile, string fileName = "Dockerfile")
    {
        ArgumentNullException.ThrowIfNull(dockerfile);
        var pins = new List<DockerfilePin>();
        var problems = new List<string>();
        var lineNumber = 0;
        var lineStart = 0;
        while (lineStart < dockerfile.Length)
        {
            lineNumber++;
            var newline = dockerfile.IndexOf('\n', lineStart);
            var lineEnd = newline < 0 ? dockerfile.Length : newline;
            var contentEnd = lineEnd > lineStart && dockerfile[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
            // A byte order mark is not part of the first line's text (the rewrite keeps it where it is).
            var contentStart = lineStart == 0 && dockerfile.StartsWith('\uFEFF') ? 1 : lineStart;
            var match = PinnedArg().Match(dockerfile[contentStart..contentEnd]);
            if (match.Success)
            {
                var argument = match.Groups["name"].Value;
                var image = match.Groups["image"].Value;
                var digest = match.Groups["digest"].Value;
                var (name, tag) = SplitTag(image);
                if (!ValidDigest().IsMatch(digest))
                {
                    problems.Add(
                        $"{fileName} line {lineNumber}: ARG {argument} pins '{digest}', which is not a digest: write sha256: and its " +
                        "64 lowercase hex digits (docker buildx imagetools inspect IMAGE:TAG prints it), or drop '@…' to leave the image unpinned.");
                }
                else if (tag is null)
                {
                    problems.Add(
                        $"{fileName} line {lineNumber}: ARG {argument} pins {image}@{digest} without a tag, so there is no line to follow: " +
                        $"write the tag the digest belongs to ({image}:TAG@{digest}).");
                }
                else
                {
                    pins.Add(new DockerfilePin(argument, name, tag, digest, lineNumber, contentStart + match.Groups["digest"].Index));
                }
            }

            lineStart = lineEnd + 1;
        }

        return problems.Count == 0
            ? pins
            : throw BuildFailedException.BadInput(
                $"The base image pins of {fileName} cannot be read; nothing was changed:" + string.Concat(problems.Select(p => Environment.NewLine + "  - " + p)));
    }

    /// <summary>
    /// The Dockerfile with each pin in <paramref name="newDigests"/> (keyed by its argument's name) pointing at its new
    /// digest. Only the digests' characters change; lines, endings and every other character stay as they were.
    /// </summary>
    public static string Rewrite(string dockerfile, IReadOnlyList<DockerfilePin> pins, IReadOnlyDictionary<string, string> newDigests)
    {
        ArgumentNullException.ThrowIfNull(dockerfile);
        ArgumentNullException.ThrowIfNull(pins);
        ArgumentNullException.ThrowIfNull(newDigests);
        var text = new StringBuilder(dockerfile);

        // From the end, so earlier offsets stay valid (every sha256 digest has the same length anyway).
        foreach (var pin in pins.OrderByDescending(p => p.DigestStart))
        {
            if (!newDigests.TryGetValue(pin.Argument, out var digest) || digest == pin.Digest)
            {
                continue;
            }

            if (!ValidDigest().IsMatch(digest))
            {
                throw new ArgumentException($"'{digest}' (for ARG {pin.Argument}) is not a sha256 digest.", nameof(newDigests));
            }

            if (dockerfile.AsSpan(pin.DigestStart, pin.Digest.Length).SequenceEqual(pin.Digest) is false)
            {
                throw new ArgumentException($"The pins were not read from this text (ARG {pin.Argument}, line {pin.LineNumber}).", nameof(pins));
            }

            text.Remove(pin.DigestStart, pin.Digest.Length).Insert(pin.DigestStart, digest);
        }

        return text.ToString();
    }

    /// <summary>Splits <c>host:port/repo:tag</c> at the tag's colon, which comes after the last '/'.</summary>
    private static (string Name, string? Tag) SplitTag(string image)
    {
        var colon = image.LastIndexOf(':');
        return colon > image.LastIndexOf('/') ? (image[..colon], image[(colon + 1)..]) : (image, null);
    }

    // ARG NAME=value@digest on one line; a trailing comment is not Dockerfile syntax, so the value is the rest of the line.
    [GeneratedRegex(@"^\s*ARG\s+(?<name>[A-Za-z_][A-Za-z0-9_]*)=(?<image>[^\s@""']+)@(?<digest>\S+)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PinnedArg();

    [GeneratedRegex("^sha256:[0-9a-f]{64}$", RegexOptions.CultureInvariant)]
    private static partial Regex ValidDigest();
}
