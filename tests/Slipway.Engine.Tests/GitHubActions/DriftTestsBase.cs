using Slipway.Engine.Tests.Support;

namespace Slipway.Engine.Tests.GitHubActions;

/// <summary>A fresh repository folder per test for the drift builds, and where their ci workflow is written.</summary>
public abstract class DriftTestsBase
{
    private protected BuildHarness Harness { get; private set; } = null!;

    protected string CiFile => Path.Combine(Harness.Root, ".github", "workflows", "ci.yml");

    [SetUp]
    public void CreateHarness()
    {
        Harness = new BuildHarness();
        DriftBuildBase.Runs = 0;
    }

    [TearDown]
    public void DisposeHarness() => Harness.Dispose();
}
