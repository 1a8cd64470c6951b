using Slipway.Engine.Tooling;

namespace Slipway.Engine.Tests;

/// <summary>The engine's CLI as a real process (tests/Slipway.Engine.SampleBuild), checked by exit code and output.</summary>
public sealed class EndToEndTests
{
    private string root = null!;

    [SetUp]
    public void SetUp()
    {
        root = Directory.CreateTempSubdirectory("slipway-e2e-").FullName;
        Directory.CreateDirectory(Path.Combine(root, ".nuke"));
    }

    [TearDown]
    public void TearDown() => Directory.Delete(root, recursive: true);

    private ToolResult Run(params string[] args)
    {
        var sample = Path.Combine(AppContext.BaseDirectory, "Slipway.Engine.SampleBuild.dll");
        var invocation = new ToolInvocation("dotnet", [sample, .. args])
        {
            WorkingDirectory = root,
            LogOutput = false,
            Timeout = TimeSpan.FromMinutes(1),
        }.WithEnvironment("GITHUB_ACTIONS", null).WithEnvironment("CI", null);
        return ToolRunner.Run(invocation);
    }

    [Test]
    public void Default_target_runs_with_exit_code_0_and_a_summary()
    {
        var result = Run();
        Assert.That(result.ExitCode, Is.EqualTo(0), result.StandardOutput);
        Assert.That(result.StandardOutput, Does.Contain("═══ Compile ═══").And.Contain("═══ Test ═══").And.Contain("Build succeeded."));
        Assert.That(result.StandardOutput, Does.Match(@"Test\s+Succeeded"));
    }

    [Test]
    public void Help_lists_targets_with_the_default_marked()
    {
        var result = Run("--help");
        Assert.That(result.ExitCode, Is.EqualTo(0));
        Assert.That(result.StandardOutput, Does.Contain("Test *").And.Contain("Pretend to test  (depends on Compile)"));
        Assert.That(result.StandardOutput, Does.Contain("--registry-password <text>").And.Contain("default: (secret); env: REGISTRY_PASSWORD"));
        Assert.That(File.Exists(Path.Combine(root, ".nuke", "build.schema.json")), Is.True);
    }

    [Test]
    public void Failure_exits_1_runs_assured_targets_and_reports_the_error()
    {
        var result = Run("Explode", "Cleanup", "--no-logo");
        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.StandardOutput, Does.Contain("kaboom").And.Contain("cleaned up"));
        Assert.That(result.StandardOutput, Does.Match(@"Explode\s+Failed").And.Match(@"Cleanup\s+Succeeded"));
    }

    [TestCase(new[] { "Tset" }, "Unknown target 'Tset'. Known targets: Test,")]
    [TestCase(new[] { "--verbosity", "loud" }, "Invalid value 'loud' for --verbosity")]
    [TestCase(new[] { "Release" }, "Target Release requires parameter Version")]
    [TestCase(new[] { "--versoin", "1.0.0" }, "Unknown option '--versoin'. Did you mean --version")]
    public void Bad_invocations_exit_2_before_anything_runs(string[] args, string message)
    {
        var result = Run(args);
        Assert.That(result.ExitCode, Is.EqualTo(2), result.StandardOutput);
        Assert.That(result.StandardOutput, Does.Contain(message));
        Assert.That(result.StandardOutput, Does.Not.Contain("═══"));
    }

    [Test]
    public void Secrets_from_the_environment_never_reach_the_output()
    {
        var sample = Path.Combine(AppContext.BaseDirectory, "Slipway.Engine.SampleBuild.dll");
        var result = ToolRunner.Run(new ToolInvocation("dotnet", sample, "Compile")
        {
            WorkingDirectory = root,
            LogOutput = false,
        }.WithEnvironment("REGISTRY_PASSWORD", "hunter2-registry").WithEnvironment("GITHUB_ACTIONS", null));
        Assert.That(result.ExitCode, Is.EqualTo(0));
        Assert.That(result.StandardOutput, Does.Contain("compiling with password ***").And.Not.Contain("hunter2-registry"));
    }

    [Test]
    public void Plan_writes_the_graph_page_and_runs_nothing()
    {
        var result = Run("Release", "Cleanup", "--plan");
        Assert.That(result.ExitCode, Is.EqualTo(0));
        Assert.That(result.StandardOutput, Does.Contain("Plan for Release, Cleanup:"));
        Assert.That(File.ReadAllText(Path.Combine(root, ".nuke", "temp", "plan.html")), Does.Contain("class Cleanup,Release planned;"));
    }
}
