namespace Slipway.Delivery.DotNet;

public enum Configuration
{
    Debug,
    Release,
}
