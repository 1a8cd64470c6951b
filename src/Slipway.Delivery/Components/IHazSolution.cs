using Slipway.Delivery.DotNet;
using Slipway.Engine;
using Slipway.Engine.IO;

namespace Slipway.Delivery.Components;

/// <summary>The solution and configuration every .NET stage works on.</summary>
public interface IHazSolution : ISlipwayBuild
{
    AbsolutePath Solution => RootDirectory / "Slipway.slnx";

    [Parameter("Build configuration: debug (default locally) or release (default in CI)")]
    Configuration Configuration => this.GetParameter<Configuration?>() ?? (IsLocalBuild ? Configuration.Debug : Configuration.Release);
}
