namespace Slipway.Delivery.Image;

/// <summary>One platform's image of a multi-platform build, as recorded in <c>artifacts/image.json</c>.</summary>
internal sealed record ImageRecordPlatform
{
    /// <summary><c>linux/amd64</c>, <c>linux/arm64</c>.</summary>
    public required string Platform { get; init; }

    /// <summary>The platform's own reference (<c>...:sha-1a2b3c4-linux-arm64</c>) when built without buildx; else null.</summary>
    public string? Reference { get; init; }

    /// <summary>The local image id when this engine built it; null when buildx pushed it from the build.</summary>
    public string? ImageId { get; init; }

    /// <summary>The platform's manifest digest in the registry (a host of that architecture deploys this), once pushed.</summary>
    public string? Digest { get; init; }

    /// <summary><c>registry/repository@sha256:...</c> of <see cref="Digest"/>, once pushed.</summary>
    public string? DigestReference { get; init; }
}
