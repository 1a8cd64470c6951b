using Slipway.Delivery.Components;
using Slipway.Engine;

namespace Slipway.Delivery.Tests.Quality;

/// <summary>A build with the three gates as a user composes them, run in-process against scratch repositories.</summary>
internal sealed class GateBuild : SlipwayBuild, ILint, ITest, IScan;
