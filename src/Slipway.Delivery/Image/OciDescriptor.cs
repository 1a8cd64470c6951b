namespace Slipway.Delivery.Image;

/// <summary>
/// An OCI content descriptor as a referrers index lists it: what the manifest is (its artifact type), where it is (its
/// digest and size), and its annotations (<c>org.opencontainers.image.created</c> orders a subject's records).
/// </summary>
internal sealed record OciDescriptor(string MediaType, string Digest, long Size, string? ArtifactType, IReadOnlyDictionary<string, string> Annotations)
{
    public const string CreatedAnnotation = "org.opencontainers.image.created";

    /// <summary>When the artifact was made, from its created annotation; null when it has none (it then sorts oldest).</summary>
    public DateTimeOffset? Created =>
        Annotations.TryGetValue(CreatedAnnotation, out var text) && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var created)
            ? created
            : null;
}
