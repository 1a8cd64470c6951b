namespace Slipway.Delivery.Components;

/// <summary>Which base images the Dockerfile builds from.</summary>
public enum BaseImageSource
{
    /// <summary>The local stand-ins when they are all present (an air-gapped machine after LocalInfra), else the public ones.</summary>
    Auto,

    /// <summary>mcr.microsoft.com/dotnet/sdk and aspnet, as the Dockerfile's defaults say.</summary>
    Public,

    /// <summary>The stand-ins built by LocalInfra (slipway/standin-*).</summary>
    StandIn,
}
