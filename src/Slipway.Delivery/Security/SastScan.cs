using System.Xml.Linq;
using Slipway.Delivery.DotNet;
using Slipway.Delivery.Quality;
using Slipway.Engine.IO;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Security;

/// <summary>
/// Static security analysis: a full compile of the solution's non-test projects with the .NET security rules at full
/// strength and SonarAnalyzer.CSharp's security rules, all errors; findings read back from the SARIF files.
/// </summary>
internal sealed class SastScan(AbsolutePath root, AbsolutePath solution, AbsolutePath scanDirectory)
{
    public const string Check = "sast";

    public AbsolutePath SarifDirectory => scanDirectory / "sast";

    public async Task<ScanCheckResult> RunAsync(Configuration configuration)
    {
        var projects = SastScope.Projects(XDocument.Load(solution));
        if (SarifDirectory.DirectoryExists)
        {
            Directory.Delete(SarifDirectory, recursive: true);
        }

        SarifDirectory.CreateDirectory();
        var filter = scanDirectory / "sast.slnf";
        var solutionFromFilter = Path.GetRelativePath(scanDirectory, solution).Replace('\\', '/');
        await File.WriteAllTextAsync(filter, SastScope.SolutionFilter(solutionFromFilter, projects));

        var result = await ToolRunner.RunAsync(SecurityCommands.SecurityBuild(filter, configuration, SarifDirectory));
        var findings = new List<Finding>();
        foreach (var sarif in Directory.EnumerateFiles(SarifDirectory, "*.sarif").Order(StringComparer.Ordinal))
        {
            findings.AddRange(SarifReader.Read(await File.ReadAllTextAsync(sarif), root).Where(f => !findings.Contains(f)));
        }

        if (!result.Succeeded && findings.Count == 0)
        {
            // Not a security finding: the build itself broke (a compile error is in the SARIF; this is something else).
            findings.AddRange(MsBuildDiagnostics.Parse(result.OutputLines, root));
            if (findings.Count == 0)
            {
                throw new ToolException(result);
            }
        }

        return new ScanCheckResult(Check, findings, [], $"{projects.Count} project(s) analysed ({string.Join(", ", projects.Select(Path.GetFileNameWithoutExtension))}), {findings.Count} finding(s); SARIF in {RepositoryPath.Relative(root, SarifDirectory)}");
    }
}
