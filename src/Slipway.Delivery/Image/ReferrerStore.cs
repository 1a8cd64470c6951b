using Slipway.Engine;

namespace Slipway.Delivery.Image;

/// <summary>
/// Documents attached to an image in its registry as OCI 1.1 referrers (oras attach's and cosign attest's model): each
/// an artifact manifest whose subject is the image's digest, found through the referrers API, or — on registries
/// without it (registry:2 answers 404) — through the referrers tag schema's index <c>sha256-&lt;hex&gt;</c>, which this
/// store keeps up to date as oras and cosign do. Two writers updating that tag at the same moment can lose one entry
/// (the schema has no lock); the documents themselves stay in the registry.
/// </summary>
internal sealed class ReferrerStore(RegistryClient registry, RegistryCredentials? credentials)
{
    /// <summary>Attaches <paramref name="content"/> to the image <paramref name="subjectDigest"/>; returns the artifact manifest's descriptor.</summary>
    public async Task<OciDescriptor> AttachAsync(
        ImageName name, string subjectDigest, string artifactType, byte[] content, IReadOnlyDictionary<string, string> annotations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(content);
        var subjectManifest = await registry.GetManifestAsync(name, subjectDigest, credentials, cancellationToken);
        if (!subjectManifest.Found || subjectManifest.Body is null)
        {
            throw new BuildFailedException(
                $"Cannot attach {artifactType} to {name.WithDigest(subjectDigest)}: {subjectManifest.Url} answered HTTP {subjectManifest.StatusCode}. Push the image first.");
        }

        var subject = new OciDescriptor(subjectManifest.MediaType ?? OciReferrers.ManifestMediaType, subjectDigest, subjectManifest.Body.Length, null, new Dictionary<string, string>());
        await registry.PushBlobAsync(name, OciReferrers.EmptyConfig, credentials, cancellationToken);
        var contentDigest = await registry.PushBlobAsync(name, content, credentials, cancellationToken);
        var manifest = OciReferrers.ArtifactManifest(artifactType, contentDigest, content.Length, subject, annotations);
        var digest = RegistryClient.Digest(manifest);
        var put = await registry.PutManifestAsync(name, digest, manifest, OciReferrers.ManifestMediaType, credentials, cancellationToken);
        if (!put.Found)
        {
            throw new BuildFailedException($"{put.Url} answered HTTP {put.StatusCode} to the {artifactType} manifest: check that the registry credentials may push to {name}.");
        }

        var descriptor = new OciDescriptor(OciReferrers.ManifestMediaType, digest, manifest.Length, artifactType, annotations);

        // A registry that indexed the subject itself says so (OCI-Subject); every other one needs the fallback index.
        if (put.MediaType is null)
        {
            var tag = OciReferrers.FallbackTag(subjectDigest);
            var existing = await registry.GetManifestAsync(name, tag, credentials, cancellationToken);
            var listed = existing is { Found: true, Body: { } body } ? OciReferrers.ReadIndex(body) : [];
            var index = OciReferrers.FallbackIndex(listed, descriptor);
            var written = await registry.PutManifestAsync(name, tag, index, OciImageIndex.MediaType, credentials, cancellationToken);
            if (!written.Found)
            {
                throw new BuildFailedException($"{written.Url} answered HTTP {written.StatusCode} to the referrers index of {subjectDigest}.");
            }
        }

        return descriptor;
    }

    /// <summary>
    /// The artifacts attached to <paramref name="subjectDigest"/>, of <paramref name="artifactType"/> when given, newest
    /// first: from the referrers API, else from the fallback tag; none when neither has any.
    /// </summary>
    public async Task<IReadOnlyList<OciDescriptor>> ListAsync(
        ImageName name, string subjectDigest, string? artifactType = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var answer = await registry.GetReferrersAsync(name, subjectDigest, credentials, cancellationToken);
        if (answer is not { Found: true, Body: not null })
        {
            answer = await registry.GetManifestAsync(name, OciReferrers.FallbackTag(subjectDigest), credentials, cancellationToken);
        }

        var listed = answer is { Found: true, Body: { } body } ? OciReferrers.ReadIndex(body) : [];
        return [.. listed
            .Where(d => artifactType is null || d.ArtifactType == artifactType)
            .OrderByDescending(d => d.Created ?? DateTimeOffset.MinValue)];
    }

    /// <summary>The content of one attached artifact: its manifest's layer, checked against its digest.</summary>
    public async Task<byte[]> ReadAsync(ImageName name, OciDescriptor artifact, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(artifact);
        var manifest = await registry.GetManifestAsync(name, artifact.Digest, credentials, cancellationToken);
        if (manifest is not { Found: true, Body: { } manifestBody })
        {
            throw new BuildFailedException($"{manifest.Url} answered HTTP {manifest.StatusCode}: the {artifact.ArtifactType} listed for the image is gone.");
        }

        var layer = OciReferrers.ReadArtifactLayer(manifestBody);
        var blob = await registry.GetBlobAsync(name, layer.Digest, credentials, cancellationToken);
        return blob is { Found: true, Body: { } content }
            ? content
            : throw new BuildFailedException($"{blob.Url} answered HTTP {blob.StatusCode} (422: its bytes do not match their digest) for the {artifact.ArtifactType} of the image.");
    }
}
