using Slipway.Delivery.DotNet;
using Slipway.Engine;
using Slipway.Engine.IO;

namespace Slipway.Delivery.Components;

/// <summary>The solution and configuration every .NET stage works on.</summary>
public interface IHazSolution : ISlipwayBuild
{
    /// <summary>The one <c>*.slnx</c> or <c>*.sln</c> at the repository root; a build with several names its own.</summary>
    AbsolutePath Solution => Context.Memoize(nameof(Solution), () => SolutionLocator.Find(RootDirectory));

    [Parameter("Build configuration: debug (default locally) or release (default in CI)")]
    Configuration Configuration => this.GetParameter<Configuration?>() ?? (IsLocalBuild ? Configuration.Debug : Configuration.Release);
}
