using Serilog;
using Slipway.Delivery.DotNet;
using Slipway.Delivery.Testing;
using Slipway.Engine;
using Slipway.Engine.IO;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Components;

/// <summary>Runs every NUnit project under tests/ and reports totals from their TRX results.</summary>
public interface ITest : ICompile
{
    [Parameter("Test filter passed to dotnet test --filter, e.g. \"FullyQualifiedName~Engine\"")]
    string? TestFilter => this.GetParameter<string>();

    AbsolutePath TestResultsDirectory => ArtifactsDirectory / "test-results";

    IEnumerable<AbsolutePath> TestProjects =>
        Directory.EnumerateFiles(RootDirectory / "tests", "*.Tests.csproj", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(AbsolutePath.Create);

    Target Test => _ => _
        .Description("Run every test project; results in artifacts/test-results")
        .DependsOn<ICompile>()
        .Produces("artifacts/test-results")
        .Executes(RunTestsAsync);

    async Task RunTestsAsync()
    {
        if (TestResultsDirectory.DirectoryExists)
        {
            Directory.Delete(TestResultsDirectory, recursive: true);
        }

        TestResultsDirectory.CreateDirectory();
        var failedProjects = new List<string>();
        foreach (var project in TestProjects)
        {
            var result = await ToolRunner.RunAsync(DotNetCommands.Test(project, Configuration, TestResultsDirectory, TestFilter)).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                failedProjects.Add(project.Name);
            }
        }

        var summary = Directory.EnumerateFiles(TestResultsDirectory, "*.trx")
            .Select(TrxReader.Read)
            .Aggregate(TestRunSummary.Empty, (total, next) => total.Add(next));
        foreach (var slow in summary.Results.OrderByDescending(r => r.Duration).Take(5))
        {
            Log.Information("Slow: {Duration,7:0.00}s {Project} {Test}", slow.Duration.TotalSeconds, slow.Project, slow.Name);
        }

        foreach (var failure in summary.Results.Where(r => r.Outcome == "Failed"))
        {
            Log.Error("{Project}: {Test} failed: {Message}", failure.Project, failure.Name, failure.ErrorMessage);
        }

        Host.AddSummaryNote($"Tests: {summary.Totals}");
        if (failedProjects.Count > 0 || summary.Failed > 0)
        {
            throw new BuildFailedException($"Tests failed ({summary.Totals}) in: {string.Join(", ", failedProjects)}.");
        }

        if (summary.Total == 0)
        {
            throw new BuildFailedException("No tests ran: check --test-filter and that test projects exist under tests/.");
        }
    }
}
