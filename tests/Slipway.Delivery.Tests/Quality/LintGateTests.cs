namespace Slipway.Delivery.Tests.Quality;

/// <summary>
/// The Lint target against a scratch repository with one problem of each kind planted: a format violation, an
/// analyzer error from the quality analyzer, and a shellcheck finding. Real dotnet format, build and shellcheck.
/// </summary>
[NonParallelizable]
public class LintGateTests
{
    private const string Project = "src/Scratch/Scratch.csproj";

    private ScratchRepository repository = null!;

    [OneTimeSetUp]
    public void PlantProblems()
    {
        Environment.SetEnvironmentVariable("MSBUILDDISABLENODEREUSE", "1");
        repository = new ScratchRepository("lint");
        repository.WriteSolution(Project);
        repository.WriteFile(Project, "<Project Sdk=\"Microsoft.NET.Sdk\" />\n");
        repository.WriteFile("src/Scratch/Clean.cs", """
            namespace Scratch;

            public static class Clean
            {
                public static int Twice(int value) => value * 2;
            }

            """);

        // Line 1 is an unnecessary using (IDE0005: dotnet format style's, the build reports it only with documentation
        // files); line 7 is indented by six spaces instead of four (dotnet format whitespace's).
        repository.WriteFile("src/Scratch/BadFormat.cs", """
            using System.Text;

            namespace Scratch;

            public static class BadFormat
            {
                  public static int Thrice(int value) => value * 3;
            }

            """);

        // Line 7 raises a reserved exception type: Meziantou's MA0012 (and CA2201); no code fix exists for it.
        repository.WriteFile("src/Scratch/Planted.cs", """
            namespace Scratch;

            public static class Planted
            {
                public static void Fail()
                {
                    throw new NullReferenceException("planted");
                }
            }

            """);

        // Line 2 expands $1 unquoted: shellcheck SC2086, which it knows how to fix.
        repository.WriteFile("scripts/deploy.sh", "#!/usr/bin/env bash\necho $1\n");
    }

    [OneTimeTearDown]
    public void RemoveRepository() => repository.Dispose();

    [Test]
    [Order(1)]
    public void Lint_fails_with_each_planted_problem_annotated_on_its_line()
    {
        var stepSummary = Path.Combine(repository.Root, "step-summary.md");

        var exitCode = repository.Run(stepSummary, "Lint");

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(repository.Output, Does.Contain("::error file=src/Scratch/BadFormat.cs,line=7::WHITESPACE: Fix whitespace formatting."));
        Assert.That(repository.Output, Does.Contain("::error file=src/Scratch/BadFormat.cs,line=1::IDE0005: Using directive is unnecessary."));
        Assert.That(repository.Output, Does.Contain("::error file=src/Scratch/Planted.cs,line=7::MA0012: "));
        Assert.That(repository.Output, Does.Contain("::error file=scripts/deploy.sh,line=2::SC2086: Double quote to prevent globbing and word splitting."));
        Assert.That(repository.Output, Does.Not.Contain("Clean.cs"));
        Assert.That(repository.Output, Does.Contain("Lint found 5 problem(s): 2 formatting/style, 2 analyzer/compiler, 1 shell script."));
        // In CI (as the annotations show) the configuration is Release; dotnet format's design-time builds use Debug.
        Assert.That(Directory.Exists(repository.Root / "src" / "Scratch" / "obj" / "lint" / "Release"), Is.True, "Lint builds into its own folders");
        Assert.That(Directory.Exists(repository.Root / "src" / "Scratch" / "obj" / "lint" / "Debug"), Is.True, "and so do dotnet format's design-time builds");
        Assert.That(Directory.Exists(repository.Root / "src" / "Scratch" / "obj" / "Release"), Is.False, "Compile's obj/Release is not Lint's to write (so they run side by side)");
        Assert.That(Directory.Exists(repository.Root / "src" / "Scratch" / "obj" / "Debug"), Is.False, "nor its obj/Debug");
    }

    [Test]
    [Order(2)]
    public void Lint_fix_repairs_what_can_be_repaired_and_still_fails_on_the_rest()
    {
        var exitCode = repository.Run(null, "Lint", "--fix");

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(repository.ReadFile("src/Scratch/BadFormat.cs"), Does.Contain("\n    public static int Thrice"));
        Assert.That(repository.ReadFile("src/Scratch/BadFormat.cs"), Does.Not.Contain("using System.Text;"));
        Assert.That(repository.ReadFile("scripts/deploy.sh"), Does.Contain("echo \"$1\""));
        Assert.That(repository.Output, Does.Contain("ERROR: src/Scratch/Planted.cs:7: MA0012: "));
        Assert.That(repository.Output, Does.Contain("ERROR: src/Scratch/Planted.cs:7: CA2201: "));
        Assert.That(repository.Output, Does.Not.Contain("ERROR: src/Scratch/BadFormat.cs"));
        Assert.That(repository.Output, Does.Not.Contain("ERROR: scripts/deploy.sh"));
        Assert.That(repository.Output, Does.Contain("Lint found 2 problem(s): 0 formatting/style, 2 analyzer/compiler, 0 shell script."));
    }
}
