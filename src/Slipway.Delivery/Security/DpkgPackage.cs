namespace Slipway.Delivery.Security;

/// <summary>One installed Debian package as the image's dpkg database lists it.</summary>
internal sealed record DpkgPackage(string Name, string Version, string? Architecture, string? Source);
