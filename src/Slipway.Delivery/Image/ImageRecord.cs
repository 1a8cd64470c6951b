namespace Slipway.Delivery.Image;

/// <summary>
/// What DockerBuild produced and Push published, as written to <c>artifacts/image.json</c> for the stages after
/// them (deploys go by <see cref="DigestReference"/>).
/// </summary>
internal sealed record ImageRecord
{
    public required string Registry { get; init; }

    public required string Repository { get; init; }

    /// <summary>Tag names, e.g. <c>sha-1a2b3c4</c>, <c>main</c>, <c>1.4.0</c>.</summary>
    public required IReadOnlyList<string> Tags { get; init; }

    /// <summary>Full references, one per tag.</summary>
    public required IReadOnlyList<string> References { get; init; }

    /// <summary>The local image id (<c>sha256:...</c>); null for a multi-platform build, which the engine does not hold.</summary>
    public string? ImageId { get; init; }

    public required string Version { get; init; }

    public required string Revision { get; init; }

    public required IReadOnlyDictionary<string, string> Labels { get; init; }

    public IReadOnlyList<string> Platforms { get; init; } = [];

    /// <summary>Each platform's image of a multi-platform build (digests once pushed); empty for a single platform.</summary>
    public IReadOnlyList<ImageRecordPlatform> PlatformImages { get; init; } = [];

    /// <summary>The base images the Dockerfile was built from (its build arguments, by digest where pinned).</summary>
    public IReadOnlyDictionary<string, string> BaseImages { get; init; } = new Dictionary<string, string>();

    /// <summary>The time the build was pinned to (<c>SOURCE_DATE_EPOCH</c>); null when it was not.</summary>
    public DateTimeOffset? SourceDateEpoch { get; init; }

    /// <summary>The manifest digest the registry serves for every tag, once pushed.</summary>
    public string? Digest { get; init; }

    /// <summary><c>registry/repository@sha256:...</c>, once pushed.</summary>
    public string? DigestReference { get; init; }

    public DateTimeOffset? PushedAt { get; init; }

    /// <summary>Written by Promote: the release the digest was tagged for (its <see cref="Version"/> is the one it was built with).</summary>
    public string? Release { get; init; }

    /// <summary>Written by Promote and Deploy: the environment that served the digest and kept it.</summary>
    public string? VerifiedIn { get; init; }

    /// <summary>Written by Promote and Deploy: which deploy of <see cref="VerifiedIn"/> verified the digest.</summary>
    public string? VerifiedBy { get; init; }

    /// <summary>Written by Promote: why an unverified digest was promoted (<c>--unverified</c>).</summary>
    public string? Unverified { get; init; }

    /// <summary>Written by Promote: why a digest without a passing scan record was promoted (<c>--accept-risk</c>).</summary>
    public string? AcceptedRisk { get; init; }
}
