using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Quality;

/// <summary>
/// Adds coverlet's data collector to a <c>dotnet test</c> command: Cobertura output, test code and sample builds
/// excluded, generated code excluded (coverlet.collector stands in for NUKE's coverlet settings).
/// </summary>
public static class CoverageCollector
{
    /// <summary>The file coverlet writes into a GUID-named folder under the results directory.</summary>
    public const string CollectorFileName = "coverage.cobertura.xml";

    private const string Configuration = "DataCollectionRunSettings.DataCollectors.DataCollector.Configuration.";

    /// <summary>Assemblies never measured: the tests themselves and the builds they run as fixtures.</summary>
    public static IReadOnlyList<string> ExcludedAssemblies { get; } = ["[*.Tests]*", "[*.SampleBuild]*", "[_build]*"];

    public static ToolInvocation WithCoverage(this ToolInvocation dotnetTest)
    {
        ArgumentNullException.ThrowIfNull(dotnetTest);
        return dotnetTest.WithArguments(
            "--collect", "XPlat Code Coverage",
            "--",
            Configuration + "Format=cobertura",
            Configuration + "Exclude=" + string.Join(',', ExcludedAssemblies),
            Configuration + "ExcludeByAttribute=Obsolete,GeneratedCodeAttribute,CompilerGeneratedAttribute,ExcludeFromCodeCoverageAttribute",
            Configuration + "SkipAutoProps=true");
    }
}
