namespace Slipway.Delivery.Image;

/// <summary>A manifest as the registry serves it: its digest, media type and exact bytes (which the digest hashes).</summary>
internal sealed record RegistryManifest(string Digest, string MediaType, byte[] Content);
