namespace Slipway.Delivery.Tests.Quality;

/// <summary>
/// The Test target against a scratch repository: a library whose tests cover two methods of three, so its line
/// coverage is about 55%, below the default threshold, and a test that fails when told to. Real dotnet test, coverlet and ReportGenerator.
/// A second test project shares a rendezvous with the first: when told to, each waits for the other to have started, which
/// only passes when the projects run side by side.
/// </summary>
[NonParallelizable]
public class TestGateTests
{
    private const string PlantedFailure = "SLIPWAY_SCRATCH_PLANTED_FAILURE";
    private const string Rendezvous = "SLIPWAY_SCRATCH_RENDEZVOUS";

    private const string TestProject = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <IsPackable>false</IsPackable>
            <IsTestProject>true</IsTestProject>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="Microsoft.NET.Test.Sdk" />
            <PackageReference Include="NUnit" />
            <PackageReference Include="NUnit3TestAdapter" />
            <PackageReference Include="NUnit.Analyzers" PrivateAssets="all" />
            <PackageReference Include="coverlet.collector" PrivateAssets="all" />
          </ItemGroup>
          <ItemGroup>
            <ProjectReference Include="..\..\src\Pricing\Pricing.csproj" />
            <Using Include="NUnit.Framework" />
          </ItemGroup>
        </Project>
        """;

    private ScratchRepository repository = null!;

    [OneTimeSetUp]
    public void CreateRepository()
    {
        Environment.SetEnvironmentVariable("MSBUILDDISABLENODEREUSE", "1");
        repository = new ScratchRepository("test");
        repository.WriteSolution("src/Pricing/Pricing.csproj", "tests/Pricing.Tests/Pricing.Tests.csproj", "tests/Pricing.Rendezvous.Tests/Pricing.Rendezvous.Tests.csproj");
        repository.WriteFile("src/Pricing/Pricing.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />\n");
        repository.WriteFile("src/Pricing/Calculator.cs", """
            namespace Pricing;

            public static class Calculator
            {
                public static int Add(int left, int right) => left + right;

                public static int Subtract(int left, int right)
                {
                    var difference = left - right;
                    return difference;
                }

                public static int Multiply(int left, int right)
                {
                    var product = left * right;
                    return product;
                }
            }

            """);
        foreach (var project in new[] { "Pricing.Tests", "Pricing.Rendezvous.Tests" })
        {
            repository.WriteFile($"tests/{project}/{project}.csproj", TestProject);
            repository.WriteFile($"tests/{project}/RendezvousTests.cs", RendezvousTest(project));
        }

        repository.WriteFile("tests/Pricing.Tests/CalculatorTests.cs", $$"""
            namespace Pricing.Tests;

            public class CalculatorTests
            {
                [Test]
                public void Adds_and_subtracts() => Assert.That(Calculator.Add(2, 3) + Calculator.Subtract(5, 1), Is.EqualTo(9));

                [Test]
                public void Fails_when_planted() =>
                    Assert.That(Environment.GetEnvironmentVariable("{{PlantedFailure}}"), Is.Not.EqualTo("1"), "planted failure");
            }

            """);
    }

    [OneTimeTearDown]
    public void RemoveRepository()
    {
        Environment.SetEnvironmentVariable(PlantedFailure, null);
        Environment.SetEnvironmentVariable(Rendezvous, null);
        repository.Dispose();
    }

    [Test]
    [Order(1)]
    public void Coverage_below_the_default_threshold_fails_naming_the_project_and_its_figures()
    {
        var exitCode = repository.Run(null, "Test");

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(repository.Output, Does.Contain("Tests: 4 passed, 0 failed, 0 skipped"));
        Assert.That(repository.Output, Does.Match(@"Line coverage is below 80% in: Pricing \d+\.\d% \(\d+/\d+ lines\)"));
        Assert.That(repository.Output, Does.Contain("Coverage: Pricing "));
        Assert.That(File.Exists(repository.Root / "artifacts" / "test-results" / "Pricing.Tests.trx"), Is.True, "TRX results");
        Assert.That(File.Exists(repository.Root / "artifacts" / "test-results" / "Pricing.Tests.cobertura.xml"), Is.True, "Cobertura coverage");
        Assert.That(File.Exists(repository.Root / "artifacts" / "coverage" / "index.html"), Is.True, "HTML coverage report");
    }

    [Test]
    [Order(2)]
    public void A_threshold_the_project_meets_passes()
    {
        var exitCode = repository.Run(null, "Test", "--coverage-threshold", "20", "--skip", "Restore");

        Assert.That(exitCode, Is.Zero, repository.Output);
        Assert.That(repository.Output, Does.Contain("(threshold 20%)"));
    }

    [Test]
    [Order(3)]
    public void A_failed_test_is_annotated_on_its_line_and_listed_in_the_job_summary()
    {
        var stepSummary = repository.Root / "step-summary.md";
        Environment.SetEnvironmentVariable(PlantedFailure, "1");
        try
        {
            var exitCode = repository.Run(stepSummary, "Test", "--coverage-threshold", "20", "--skip", "Restore");

            Assert.That(exitCode, Is.EqualTo(1));
            Assert.That(repository.Output, Does.Contain("::error file=tests/Pricing.Tests/CalculatorTests.cs,line=10::test: Pricing.Tests: Fails_when_planted failed: planted failure"));
            Assert.That(repository.Output, Does.Contain("Tests: 3 passed, 1 failed, 0 skipped"));
            var summary = File.ReadAllText(stepSummary);
            Assert.That(summary, Does.Contain("### ❌ Tests"));
            Assert.That(summary, Does.Contain("| Fails_when_planted | Pricing.Tests | planted failure"));
            Assert.That(summary, Does.Contain("| Pricing | "));
        }
        finally
        {
            Environment.SetEnvironmentVariable(PlantedFailure, null);
        }
    }

    [Test]
    [Order(4)]
    public void Test_projects_run_side_by_side_and_one_after_another_with_parallel_1()
    {
        var together = MeetAcrossProjects(waitSeconds: 90);
        var oneByOne = MeetAcrossProjects(waitSeconds: 3, "--parallel", "1");

        Assert.That(together.ExitCode, Is.Zero, together.Output);
        Assert.That(together.Output, Does.Contain("Tests: 4 passed, 0 failed, 0 skipped"));
        Assert.That(File.Exists(repository.Root / "artifacts" / "test-results" / "Pricing.Rendezvous.Tests.cobertura.xml"), Is.True, "each project's coverage under its own name");
        Assert.That(oneByOne.ExitCode, Is.EqualTo(1), oneByOne.Output);
        Assert.That(oneByOne.Output, Does.Contain("Tests: 3 passed, 1 failed, 0 skipped"));
        Assert.That(oneByOne.Output, Does.Contain("the other test project never started"));
    }

    private (int ExitCode, string Output) MeetAcrossProjects(int waitSeconds, params string[] arguments)
    {
        var folder = repository.Root / "rendezvous" / Guid.NewGuid().ToString("N");
        Directory.CreateDirectory(folder);
        Environment.SetEnvironmentVariable(Rendezvous, $"{folder};{waitSeconds}");
        try
        {
            var exitCode = repository.Run(null, ["Test", "--coverage-threshold", "0", "--skip", "Restore", .. arguments]);
            return (exitCode, repository.Output);
        }
        finally
        {
            Environment.SetEnvironmentVariable(Rendezvous, null);
        }
    }

    /// <summary>With the variable set (<c>folder;seconds</c>) the test marks its project as started, then waits that long for the other's mark.</summary>
    private static string RendezvousTest(string project) => $$"""
        namespace {{project}};

        public class RendezvousTests
        {
            [Test]
            public void Meets_the_other_project()
            {
                if (Environment.GetEnvironmentVariable("{{Rendezvous}}")?.Split(';') is not [var folder, var seconds])
                {
                    return;
                }

                File.WriteAllText(Path.Combine(folder, "{{project}}"), "");
                var deadline = DateTime.UtcNow.AddSeconds(int.Parse(seconds));
                while (Directory.GetFiles(folder).Length < 2 && DateTime.UtcNow < deadline)
                {
                    Thread.Sleep(100);
                }

                Assert.That(Directory.GetFiles(folder), Has.Length.EqualTo(2), "the other test project never started");
            }
        }

        """;
}
