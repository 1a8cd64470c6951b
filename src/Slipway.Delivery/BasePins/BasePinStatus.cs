namespace Slipway.Delivery.BasePins;

/// <summary>A pin and the digest its tag names in the registry now.</summary>
internal sealed record BasePinStatus(DockerfilePin Pin, string CurrentDigest)
{
    public bool Changed => !string.Equals(Pin.Digest, CurrentDigest, StringComparison.Ordinal);
}
