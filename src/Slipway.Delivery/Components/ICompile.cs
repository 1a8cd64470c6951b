using Slipway.Delivery.DotNet;
using Slipway.Engine;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Components;

public interface ICompile : IRestore
{
    Target Compile => _ => _
        .Description("Compile the solution (warnings are errors)")
        .DependsOn<IRestore>()
        .Executes(async () => (await ToolRunner.RunAsync(DotNetCommands.Build(Solution, Configuration)).ConfigureAwait(false)).EnsureSuccess());
}
