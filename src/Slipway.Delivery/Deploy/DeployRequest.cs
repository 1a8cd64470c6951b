namespace Slipway.Delivery.Deploy;

/// <summary>One deploy: which image, who asks, whether a stale lock may be broken and whether to migrate whatever the schema.</summary>
internal sealed record DeployRequest : ILockedOperationRequest
{
    public required DeployImage Image { get; init; }

    public required string Who { get; init; }

    public string? CiRunUrl { get; init; }

    /// <summary>Break a stale lock (never a live one); recorded in the deploy log.</summary>
    public bool Force { get; init; }

    /// <summary>Run the migration container even when the image's schema is the one the database was last migrated to (a database restored by hand).</summary>
    public bool AlwaysMigrate { get; init; }

    /// <summary>
    /// The release this image was promoted as (<c>1.4.0</c>): the image keeps the version it was built with (a
    /// pre-release on main, which its <c>/status</c> reports), and a release-only environment takes it because Promote
    /// tagged it for this release.
    /// </summary>
    public string? Release { get; init; }

    /// <summary>Which deploy of the environment before this one verified the image (e.g. <c>staging served 1.4.0 … in d-…</c>).</summary>
    public string? VerifiedBy { get; init; }

    /// <summary>Why an image no earlier environment verified is deployed anyway (<c>--unverified "&lt;reason&gt;"</c>).</summary>
    public string? Unverified { get; init; }

    /// <summary>Why an image without a passing scan record is deployed anyway (<c>--accept-risk "&lt;reason&gt;"</c>).</summary>
    public string? AcceptedRisk { get; init; }
}
