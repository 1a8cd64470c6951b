using Slipway.Delivery.DotNet;
using Slipway.Engine;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Components;

public interface IRestore : IHazSolution
{
    /// <summary>
    /// Cached like the other targets: it re-runs when a project file, a props/targets file, the solution, nuget.config
    /// or global.json changed, when the repository moved (the assets files hold absolute paths), or when the NuGet
    /// packages folder was cleared; otherwise its obj/ files are checked (and put back) instead of evaluating every
    /// project again, which a no-op <c>dotnet restore</c> takes seconds to do.
    /// </summary>
    Target Restore => _ => _
        .Description("Restore NuGet packages for the solution")
        .Inputs("**/*.csproj", "**/*.fsproj", "**/*.vbproj", "**/*.props", "**/*.targets", "*.sln", "*.slnx", "nuget.config", "NuGet.config", "global.json")
        .InputValue(() => BuildInputs.Runtime).InputValue(() => (string)RootDirectory).InputValue(() => NuGetPackagesFolder.Fingerprint())
        .Outputs("**/obj/project.assets.json", "**/obj/project.nuget.cache", "**/obj/*.nuget.*")
        .Executes(async () => (await ToolRunner.RunAsync(DotNetCommands.Restore(Solution))).EnsureSuccess());
}
