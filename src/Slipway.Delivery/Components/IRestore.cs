using Slipway.Delivery.DotNet;
using Slipway.Engine;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Components;

public interface IRestore : IHazSolution
{
    Target Restore => _ => _
        .Description("Restore NuGet packages for the solution")
        .Executes(async () => (await ToolRunner.RunAsync(DotNetCommands.Restore(Solution))).EnsureSuccess());
}
