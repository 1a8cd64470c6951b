namespace Slipway.Delivery.DotNet;

/// <summary>
/// What a <c>dotnet build</c> of the solution reads, as cache input globs: the projects' folders (their bin/ and obj/
/// never count), the files that configure every project, and the SDK pin. Compile, Test and Lint declare these, so a
/// change to any of them re-runs all three and a change elsewhere (docs, workflows) re-runs none.
/// </summary>
internal static class BuildInputs
{
    public static string[] Sources { get; } =
    [
        "src/", "tests/", "*.slnx", "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props",
        "global.json", ".editorconfig", "nuget.config", ".slipway/",
    ];

    /// <summary>The runtime the build runs on: a different SDK can compile the same sources differently.</summary>
    public static string Runtime => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;
}
