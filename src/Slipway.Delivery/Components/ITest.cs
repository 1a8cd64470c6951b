using Serilog;
using Slipway.Delivery.DotNet;
using Slipway.Delivery.Quality;
using Slipway.Delivery.Testing;
using Slipway.Engine;
using Slipway.Engine.Caching;
using Slipway.Engine.IO;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Components;

/// <summary>
/// Runs every NUnit project under tests/ with coverage, reports totals from their TRX results, renders the HTML
/// coverage report and gates on line coverage per project.
/// </summary>
public interface ITest : ICompile
{
    [Parameter("Test filter passed to dotnet test --filter, e.g. \"FullyQualifiedName~Engine\"")]
    string? TestFilter => this.GetParameter<string>();

    [Parameter("Minimum line coverage per project, in percent (0 turns the check off); not enforced with --test-filter")]
    int CoverageThreshold => this.GetParameter<int?>() ?? CoverageGate.DefaultThreshold;

    AbsolutePath TestResultsDirectory => ArtifactsDirectory / "test-results";

    AbsolutePath CoverageDirectory => ArtifactsDirectory / "coverage";

    /// <summary>Every project under tests/ is test code (helpers and sample builds too): never measured for coverage.</summary>
    IEnumerable<string> TestCodeAssemblies =>
        Directory.EnumerateFiles(RootDirectory / "tests", "*.csproj", SearchOption.AllDirectories)
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .Order(StringComparer.Ordinal);

    IEnumerable<AbsolutePath> TestProjects =>
        Directory.EnumerateFiles(RootDirectory / "tests", "*.Tests.csproj", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(AbsolutePath.Create);

    Target Test => _ => _
        .Description("Run every test project with coverage; results in artifacts/test-results, report in artifacts/coverage")
        .DependsOn<ICompile>()
        .Produces("artifacts/test-results", "artifacts/coverage")
        .Exclusive(DotNetCommands.BuildOutputs)
        .Inputs(BuildInputs.Sources).InputValue(() => BuildInputs.Runtime).InputValue(() => Configuration)
        .InputValue(() => TestFilter).InputValue(() => CoverageThreshold)
        .Outputs("artifacts/test-results/", "artifacts/coverage/")
        .Executes(RunTestsAsync);

    async Task RunTestsAsync()
    {
        CoverageGate.Validate(CoverageThreshold);
        ResetDirectory(TestResultsDirectory);
        ResetDirectory(CoverageDirectory);

        // Projects run side by side, as `dotnet test` runs a solution's, each into its own folder so one project's
        // coverage file cannot be taken for another's; `--parallel 1` keeps them one after another.
        var testCode = TestCodeAssemblies.ToList();
        var projects = TestProjects.ToList();
        var failed = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(projects, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Context.Parallelism) }, async (project, _) =>
        {
            if (!await RunTestProjectAsync(project, testCode))
            {
                failed.Add(project.Name);
            }
        });
        var failedProjects = failed.Order(StringComparer.Ordinal).ToList();
        var coverageFiles = projects
            .Select(p => TestResultsDirectory / $"{Path.GetFileNameWithoutExtension(p.Name)}.cobertura.xml")
            .Where(f => f.FileExists)
            .Select(f => (string)f)
            .ToList();

        var summary = Directory.EnumerateFiles(TestResultsDirectory, "*.trx")
            .Order(StringComparer.Ordinal)
            .Select(TrxReader.Read)
            .Aggregate(TestRunSummary.Empty, (total, next) => total.Add(next));
        var report = new TestReport(summary, CoberturaReader.ReadMerged(coverageFiles), CoverageThreshold, CoverageEnforced: TestFilter is null);
        await WriteCoverageReportAsync(coverageFiles);
        Report(report);

        if (failedProjects.Count > 0 || summary.Failed > 0)
        {
            throw new BuildFailedException($"Tests failed ({summary.Totals}) in: {string.Join(", ", failedProjects)}.");
        }

        if (summary.Total == 0)
        {
            throw new BuildFailedException("No tests ran: check --test-filter and that test projects exist under tests/.");
        }

        if (report.CoverageEnforced && report.BelowThreshold.Count > 0)
        {
            throw new BuildFailedException(
                $"Line coverage is below {CoverageThreshold}% in: {string.Join(", ", report.BelowThreshold)}. " +
                "Add tests for the uncovered lines (artifacts/coverage/index.html shows them) or, deliberately, lower --coverage-threshold.");
        }
    }

    /// <summary>
    /// One test project as a cached step: it re-runs when a file of a project it references (directly or not) changed,
    /// or anything outside src/ and tests/ (the Dockerfile, workflows, docs the tests read), or the settings, the test
    /// code list or Slipway's own code did; a change to another project's files leaves its stored pass in place.
    /// </summary>
    private CachedStep TestStep(AbsolutePath project, IReadOnlyList<string> testCode)
    {
        var name = Path.GetFileNameWithoutExtension(project.Name);
        var folders = ProjectReferences.Closure(project).Select(p => p.Parent!.GetRelativePathFrom(RootDirectory).Replace('\\', '/') + "/");
        return new CachedStep($"Test {name}")
        {
            Inputs = ["**", "!src/**", "!tests/**", "!artifacts/**", "!.nuke/**", .. folders],
            Values = new Dictionary<string, object?>
            {
                ["runtime"] = BuildInputs.Runtime,
                ["configuration"] = Configuration,
                ["filter"] = TestFilter,
                ["test-code"] = testCode,
                ["slipway"] = typeof(ITest).Assembly.ManifestModule.ModuleVersionId,
            },
            Outputs = [$"{TestResultsDirectory.GetRelativePathFrom(RootDirectory)}/{name}.trx", $"{TestResultsDirectory.GetRelativePathFrom(RootDirectory)}/{name}.cobertura.xml"],
        };
    }

    /// <summary>
    /// One project's <c>dotnet test</c> into <c>test-results/&lt;project&gt;/</c>, then its TRX and coverlet's file (from its
    /// GUID-named folder) moved up as <c>&lt;project&gt;.trx</c> and <c>&lt;project&gt;.cobertura.xml</c>; false when it failed.
    /// </summary>
    private async Task<bool> RunTestProjectAsync(AbsolutePath project, IReadOnlyList<string> testCode)
    {
        var name = Path.GetFileNameWithoutExtension(project.Name);
        var succeeded = true;
        await Context.Steps.RunAsync(TestStep(project, testCode), async () =>
        {
            var results = TestResultsDirectory / name;
            ResetDirectory(results);
            var result = await ToolRunner.RunAsync(
                DotNetCommands.Test(project, Configuration, results, TestFilter).WithCoverage(testCode));
            succeeded = result.Succeeded;
            if (results / $"{name}.trx" is var trx && trx.FileExists)
            {
                File.Move(trx, TestResultsDirectory / $"{name}.trx", overwrite: true);
            }

            if (Directory.EnumerateFiles(results, CoverageCollector.CollectorFileName, SearchOption.AllDirectories).FirstOrDefault() is { } produced)
            {
                File.Move(produced, TestResultsDirectory / $"{name}.cobertura.xml", overwrite: true);
            }
            else
            {
                Log.Warning("{Project}: no coverage file was produced (is coverlet.collector referenced?)", name);
            }

            Directory.Delete(results, recursive: true);
            return result.Succeeded;
        });
        return succeeded;
    }

    private async Task WriteCoverageReportAsync(IReadOnlyList<string> coverageFiles)
    {
        if (coverageFiles.Count == 0)
        {
            return;
        }

        // The HTML report is for people; the gate reads the Cobertura files itself, so a missing tool only warns.
        var pinned = ReportGeneratorCommands.PinnedIn(RootDirectory);
        var restore = pinned ? await ToolRunner.RunAsync(ReportGeneratorCommands.RestoreTools(RootDirectory)) : null;
        var html = restore is { Succeeded: false }
            ? restore
            : await ToolRunner.RunAsync(ReportGeneratorCommands.HtmlReport(RootDirectory, coverageFiles, CoverageDirectory, "Slipway coverage", pinned));
        if (html.Succeeded)
        {
            Log.Information("Coverage report: {Report}", (CoverageDirectory / "index.html").GetRelativePathFrom(RootDirectory));
        }
        else
        {
            Log.Warning("The HTML coverage report was not written ({Command} exited {ExitCode}); the coverage check still runs", html.Invocation.Render(), html.ExitCode);
        }
    }

    private void Report(TestReport report)
    {
        foreach (var slow in report.Slowest)
        {
            Log.Information("Slow: {Duration,7:0.00}s {Project} {Test}", slow.Duration.TotalSeconds, slow.Project, slow.Name);
        }

        foreach (var failure in report.Failures)
        {
            var message = $"{failure.Project}: {failure.Name} failed: {failure.ErrorMessage?.Trim()}";
            if (TestFailureLocation.Find(failure.StackTrace, RootDirectory) is var (path, line))
            {
                FindingLog.Write([new Finding(path, line, "test", message)]);
            }
            else
            {
                Log.Error("{Message}", message);
            }
        }

        foreach (var project in report.Coverage)
        {
            Log.Information("Coverage: {Project,-28} {Percent,6} ({Covered}/{Coverable} lines)", project.Project, project.PercentText, project.CoveredLines, project.CoverableLines);
        }

        if (!report.CoverageEnforced && report.BelowThreshold.Count > 0)
        {
            Log.Warning("Coverage is not enforced for a filtered run (--test-filter); below {Threshold}%: {Projects}", CoverageThreshold, string.Join(", ", report.BelowThreshold));
        }

        Host.AddSummaryNote($"Tests: {report.Summary.Totals}");
        if (report.Slowest.Count > 0)
        {
            Host.AddSummaryNote("Slowest: " + string.Join(", ", report.Slowest.Select(s => $"{s.Name} {s.Duration.TotalSeconds:0.0}s")));
        }

        if (report.CoverageLine is { } coverageLine)
        {
            Host.AddSummaryNote(coverageLine);
        }

        if (Context.GetEnvironmentVariable("GITHUB_STEP_SUMMARY") is { Length: > 0 } stepSummary)
        {
            File.AppendAllText(stepSummary, Slipway.Engine.Logging.SecretMasker.Apply(report.ToMarkdown()));
        }
    }

    private static void ResetDirectory(AbsolutePath directory)
    {
        if (directory.DirectoryExists)
        {
            Directory.Delete(directory, recursive: true);
        }

        directory.CreateDirectory();
    }
}
