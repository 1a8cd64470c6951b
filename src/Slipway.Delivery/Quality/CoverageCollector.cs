using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Quality;

/// <summary>
/// Adds coverlet's data collector to a <c>dotnet test</c> command: Cobertura output, test code and sample builds
/// excluded, generated code excluded (coverlet.collector stands in for NUKE's coverlet settings).
/// </summary>
internal static class CoverageCollector
{
    /// <summary>The file coverlet writes into a GUID-named folder under the results directory.</summary>
    public const string CollectorFileName = "coverage.cobertura.xml";

    private const string Configuration = "DataCollectionRunSettings.DataCollectors.DataCollector.Configuration.";

    /// <summary>Assemblies never measured: the tests themselves and the build.</summary>
    public static IReadOnlyList<string> ExcludedAssemblies { get; } = ["[*.Tests]*", "[_build]*"];

    /// <param name="dotnetTest">The <c>dotnet test</c> command.</param>
    /// <param name="testCodeAssemblies">
    /// More assemblies that are test code, e.g. every project under <c>tests/</c> (helpers and sample builds too).
    /// </param>
    public static ToolInvocation WithCoverage(this ToolInvocation dotnetTest, IEnumerable<string>? testCodeAssemblies = null)
    {
        ArgumentNullException.ThrowIfNull(dotnetTest);
        var excluded = ExcludedAssemblies.Concat((testCodeAssemblies ?? []).Select(a => $"[{a}]*")).Distinct(StringComparer.Ordinal);
        return dotnetTest.WithArguments(
            "--collect", "XPlat Code Coverage",
            "--",
            Configuration + "Format=cobertura",
            Configuration + "Exclude=" + string.Join(',', excluded),
            Configuration + "ExcludeByAttribute=Obsolete,GeneratedCodeAttribute,CompilerGeneratedAttribute,ExcludeFromCodeCoverageAttribute",
            Configuration + "SkipAutoProps=true");
    }
}
