using Serilog;
using Slipway.Delivery.DotNet;
using Slipway.Engine;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Components;

public interface ICompile : IRestore, IHazGitVersion
{
    Target Compile => _ => _
        .Description("Compile the solution with the version from git stamped in (warnings are errors)")
        .DependsOn<IRestore>()
        .Exclusive(DotNetCommands.BuildOutputs)
        .Inputs(BuildInputs.Sources).InputValue(() => BuildInputs.Runtime).InputValue(() => Configuration).InputValue(() => VersionProperties())
        .Outputs("src/*/bin/", "tests/*/bin/")
        .Executes(async () =>
        {
            var properties = VersionProperties();
            (await ToolRunner.RunAsync(DotNetCommands.Build(Solution, Configuration, properties))).EnsureSuccess();
        });

    /// <summary>
    /// Stamping is best effort here: a source tarball or a shallow clone that cannot deepen still compiles and tests,
    /// unstamped, with a warning. Stages that publish (image, release) use the version strictly.
    /// </summary>
    IReadOnlyDictionary<string, string>? VersionProperties()
    {
        try
        {
            return GitVersion.MSBuildProperties;
        }
        catch (BuildFailedException exception)
        {
            Log.Warning("Compiling without a version stamp: {Reason}", exception.Message);
            return null;
        }
    }
}
