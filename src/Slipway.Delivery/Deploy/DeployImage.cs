using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Slipway.Delivery.Image;
using Slipway.Engine;

namespace Slipway.Delivery.Deploy;

/// <summary>
/// The image a deploy ships, always by digest (<c>registry/repository@sha256:…</c>), with the version and commit its
/// OCI labels carry once the engine has it.
/// </summary>
internal sealed partial record DeployImage
{
    /// <summary>
    /// What <see cref="WithFacts"/> reads from <c>docker image inspect</c>: the platform, then the labels as JSON. The
    /// platform is the image the engine holds, so for a multi-platform index digest it is the manifest the engine pulled
    /// for its own architecture.
    /// </summary>
    public const string FactsFormat = "{{.Os}}/{{.Architecture}}{{with .Variant}}/{{.}}{{end}} {{json .Config.Labels}}";

    public required string Reference { get; init; }

    /// <summary>The platform of the image the engine runs for this reference (<c>linux/amd64</c>, <c>linux/arm64/v8</c>), once read.</summary>
    public string? Platform { get; init; }

    public string Digest => Reference[(Reference.LastIndexOf('@') + 1)..];

    /// <summary>
    /// The registry and repository the digest lives in, for registry API calls (Promote's tagging). A reference without
    /// a registry host (<c>acme/api@sha256:…</c>) is Docker Hub's, as <c>docker pull</c> reads it.
    /// </summary>
    public ImageName Name
    {
        get
        {
            var repository = Reference[..Reference.LastIndexOf('@')];
            var slash = repository.IndexOf('/', StringComparison.Ordinal);
            var first = slash < 0 ? string.Empty : repository[..slash];
            return first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost"
                ? new ImageName(first, repository[(slash + 1)..])
                : new ImageName("docker.io", slash < 0 ? "library/" + repository : repository);
        }
    }

    public string? Version { get; init; }

    public string? Commit { get; init; }

    public DateTimeOffset? Created { get; init; }

    /// <summary>The schema fingerprint DockerBuild stamped (<c>org.slipway.schema</c>); null when the build declared no migrations.</summary>
    public string? Schema { get; init; }

    /// <summary>Checks that a reference pins a digest; a tag can move between the check and the deploy, a digest cannot.</summary>
    public static DeployImage FromReference(string reference)
    {
        if (string.IsNullOrWhiteSpace(reference) || !DigestReference().IsMatch(reference.Trim()))
        {
            throw BuildFailedException.BadInput(
                $"'{reference}' is not an image reference by digest. Deploys are always by digest: give --image registry/repository@sha256:<64 hex digits> " +
                "(Push records it in artifacts/image.json as digestReference).");
        }

        return new DeployImage { Reference = reference.Trim() };
    }

    /// <summary>Adds what the image's labels say (<c>org.opencontainers.image.version</c>, <c>.revision</c>, <c>.created</c>, <c>org.slipway.schema</c>).</summary>
    /// <summary>The platform and labels from <see cref="FactsFormat"/>'s output.</summary>
    public DeployImage WithFacts(string inspectOutput)
    {
        var text = (inspectOutput ?? string.Empty).Trim();
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        var platform = space < 0 ? text : text[..space];
        var json = space < 0 ? string.Empty : text[(space + 1)..].Trim();
        var labels = JsonSerializer.Deserialize<Dictionary<string, string>>(json is { Length: > 0 } and not "null" ? json : "{}") ?? [];
        return WithLabels(labels) with { Platform = platform.Contains('/', StringComparison.Ordinal) ? platform : null };
    }

    public DeployImage WithLabels(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return this with
        {
            Version = labels.TryGetValue(ImageLabels.Version, out var version) && version.Length > 0 ? version : null,
            Commit = labels.TryGetValue(ImageLabels.Revision, out var commit) && commit.Length > 0 ? commit : null,
            Created = labels.TryGetValue(ImageLabels.Created, out var created)
                && DateTimeOffset.TryParse(created, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when) ? when : null,
            Schema = labels.TryGetValue(ImageLabels.Schema, out var schema) && !string.IsNullOrWhiteSpace(schema) ? schema.Trim() : null,
        };
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9.:_/-]*@sha256:[0-9a-f]{64}$", RegexOptions.IgnoreCase)]
    private static partial Regex DigestReference();
}
