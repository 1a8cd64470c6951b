using Slipway.Engine.IO;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.DotNet;

/// <summary>The <c>dotnet</c> command lines the pipeline runs, as data (NUKE's DotNetTasks role).</summary>
internal static class DotNetCommands
{
    /// <summary>
    /// The exclusive resource of every target that writes or reads the normal build's bin/ and obj/ (Compile, Test, Pack):
    /// two <c>dotnet build</c>s in one tree at once fight over the same files, and a rebuild would swap assemblies under a
    /// running <c>dotnet test --no-build</c>. Lint builds into bin/lint and obj/lint, Scan into bin/sast and obj/sast, so
    /// they run beside them.
    /// </summary>
    public const string BuildOutputs = "dotnet-build-outputs";

    public static ToolInvocation Restore(AbsolutePath solution) =>
        new("dotnet", "restore", solution, "--nologo");

    public static ToolInvocation Build(AbsolutePath solution, Configuration configuration, IReadOnlyDictionary<string, string>? properties = null) =>
        new ToolInvocation("dotnet", "build", solution, "--nologo", "--no-restore", "--configuration", configuration.ToString())
            .WithArguments(Properties(properties));

    public static ToolInvocation Test(AbsolutePath project, Configuration configuration, AbsolutePath resultsDirectory, string? filter = null)
    {
        ArgumentNullException.ThrowIfNull(project);
        var invocation = new ToolInvocation(
            "dotnet", "test", project, "--nologo", "--no-build", "--configuration", configuration.ToString(),
            "--results-directory", resultsDirectory,
            "--logger", $"trx;LogFileName={Path.GetFileNameWithoutExtension(project.Name)}.trx",
            "--logger", "console;verbosity=minimal");
        return filter is null ? invocation : invocation.WithArguments("--filter", filter);
    }

    /// <summary><c>dotnet pack</c> of a solution or project (restored by Restore): every packable project's package into <paramref name="output"/>.</summary>
    public static ToolInvocation Pack(AbsolutePath project, Configuration configuration, AbsolutePath output, IReadOnlyDictionary<string, string>? properties = null) =>
        new ToolInvocation("dotnet", "pack", project, "--nologo", "--no-restore", "--configuration", configuration.ToString(), "--output", output)
            .WithArguments(Properties(properties));

    private static string[] Properties(IReadOnlyDictionary<string, string>? properties) =>
        properties is null ? [] : [.. properties.Select(p => $"-p:{p.Key}={p.Value}")];
}
