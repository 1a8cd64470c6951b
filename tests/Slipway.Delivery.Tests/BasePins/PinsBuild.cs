using Slipway.Delivery.Components;
using Slipway.Engine;

namespace Slipway.Delivery.Tests.BasePins;

/// <summary>A build with only the pin refresh, as a user composes it, run in-process against scratch repositories.</summary>
internal sealed class PinsBuild : SlipwayBuild, IRefreshBasePins;
