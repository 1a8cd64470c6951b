namespace Slipway.Delivery.Deploy;

/// <summary>
/// Where an image a release-path deploy ships comes from: the release it was promoted as, and which deploy of the
/// environment before verified it — or why it was taken unverified (<c>--unverified</c>) — and why Promote took it
/// without a passing scan record, when it did (<c>--accept-risk</c>). Recorded in the deploy log.
/// </summary>
internal sealed record ImageProvenance(string? Release, string? VerifiedBy, string? Unverified, string? AcceptedRisk = null);
