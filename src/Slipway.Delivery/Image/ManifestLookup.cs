namespace Slipway.Delivery.Image;

/// <summary>The registry's answer to a manifest HEAD: the status, and the digest when it served the manifest.</summary>
internal sealed record ManifestLookup(Uri Url, int StatusCode, string? Digest)
{
    public bool Found => StatusCode is >= 200 and < 300 && Digest is not null;
}
