using Slipway.Delivery.Image;

namespace Slipway.Delivery.BasePins;

/// <summary>A login and the one registry it is for; pins in any other registry are asked anonymously.</summary>
internal sealed record ScopedRegistryLogin(string Registry, RegistryCredentials Credentials);
