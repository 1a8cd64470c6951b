using Slipway.Engine.Tests.Builds;
using Slipway.Engine.Tests.Support;
using Slipway.Testing;

namespace Slipway.Engine.Tests;

public sealed class HelpAndSchemaTests
{
    private BuildHarness harness = null!;

    [SetUp]
    public void SetUp() => harness = new BuildHarness();

    [TearDown]
    public void TearDown() => harness.Dispose();

    [Test]
    public void Help_lists_targets_parameters_and_options()
    {
        Assert.That(harness.Run<ComponentBuild>(b => ((ITestComponent)b).Test, "--help"), Is.EqualTo(0));
        Golden.AssertMatches(harness.Output, "component-build.help.txt");
    }

    [Test]
    public void Help_shows_defaults_env_names_and_hides_secret_values()
    {
        Assert.That(harness.Run<ParameterBuild>("--help"), Is.EqualTo(0));
        Golden.AssertMatches(harness.Output, "parameter-build.help.txt");
    }

    [Test]
    public void Schema_describes_every_parameter_with_its_type()
    {
        Assert.That(harness.Run<ParameterBuild>("--help"), Is.EqualTo(0));
        Golden.AssertMatches(File.ReadAllText(Path.Combine(harness.Root, ".nuke", "build.schema.json")), "parameter-build.schema.json");
    }

    [Test]
    public void Schema_is_rewritten_only_when_it_changes()
    {
        Assert.That(harness.Run<ParameterBuild>("--help"), Is.EqualTo(0));
        var schema = Path.Combine(harness.Root, ".nuke", "build.schema.json");
        var written = File.GetLastWriteTimeUtc(schema);
        File.SetLastWriteTimeUtc(schema, written.AddHours(-1));
        Assert.That(harness.Run<ParameterBuild>("--help"), Is.EqualTo(0));
        Assert.That(File.GetLastWriteTimeUtc(schema), Is.EqualTo(written.AddHours(-1)));
    }
}
