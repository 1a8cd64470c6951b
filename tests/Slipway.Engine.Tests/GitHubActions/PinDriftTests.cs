using Slipway.Engine.GitHubActions;

namespace Slipway.Engine.Tests.GitHubActions;

/// <summary>
/// The loop a Dependabot update of an action closes: it edits the generated workflows, the drift check of its pull
/// request fails naming the <see cref="GitHubActionsPinAttribute"/> that takes it, and with that attribute the same
/// committed files pass; the pin applies to every path of the action and refuses what would not be a pin.
/// </summary>
public sealed class PinDriftTests : DriftTestsBase
{
    /// <summary>A commit Dependabot could propose (any full SHA other than the pinned one).</summary>
    public const string UpdatedSha = "0123456789abcdef0123456789abcdef01234567";


    /// <summary>What Dependabot's github-actions updater writes: the new SHA and the new version in the comment.</summary>
    private void ApplyDependabotUpdate()
    {
        Assert.That(Harness.Run<DriftBuild>("--generate-workflows"), Is.EqualTo(0), Harness.Output);
        var pinned = $"actions/checkout@{ActionPins.Checkout.Sha} # {ActionPins.Checkout.Version}";
        var content = File.ReadAllText(CiFile);
        Assert.That(content, Does.Contain(pinned));
        File.WriteAllText(CiFile, content.Replace(pinned, $"actions/checkout@{UpdatedSha} # v4.5.0", StringComparison.Ordinal));
    }

    [Test]
    public void In_CI_a_Dependabot_update_of_a_generated_workflow_fails_naming_the_attribute_that_takes_it_and_with_it_passes()
    {
        ApplyDependabotUpdate();
        Harness.Environment["CI"] = "true";

        Assert.That(Harness.Run<DriftBuild>("Test"), Is.EqualTo(ExitCodes.TargetFailed), Harness.Output);
        Assert.That(Harness.Output, Does.Contain($"run actions/checkout at {UpdatedSha} (v4.5.0) where DriftBuild pins {ActionPins.Checkout.Sha} ({ActionPins.Checkout.Version})"));
        Assert.That(Harness.Output, Does.Contain($"add [GitHubActionsPin(\"actions/checkout\", \"{UpdatedSha}\", \"v4.5.0\")] to DriftBuild"));
        Assert.That(DriftBuildBase.Runs, Is.EqualTo(0));

        // The author adds the quoted attribute: the committed files are now exactly what the build generates. (The test
        // stands for one build class with two; the header names the class, which a repository's build keeps.)
        File.WriteAllText(CiFile, File.ReadAllText(CiFile).Replace("build class DriftBuild.", "build class PinnedDriftBuild.", StringComparison.Ordinal));
        Assert.That(Harness.Run<PinnedDriftBuild>("Test"), Is.EqualTo(0), Harness.Output);
        Assert.That(DriftBuildBase.Runs, Is.EqualTo(1));
    }

    [Test]
    public void Locally_regenerating_puts_the_pin_back_and_says_how_to_keep_the_update()
    {
        ApplyDependabotUpdate();

        Assert.That(Harness.Run<DriftBuild>("Test"), Is.EqualTo(0), Harness.Output);
        Assert.That(Harness.Output, Does.Contain($"regenerating put back DriftBuild's pin {ActionPins.Checkout.Sha}"));
        Assert.That(Harness.Output, Does.Contain($"[GitHubActionsPin(\"actions/checkout\", \"{UpdatedSha}\", \"v4.5.0\")]"));
        Assert.That(File.ReadAllText(CiFile), Does.Contain(ActionPins.Checkout.Reference).And.Not.Contain(UpdatedSha));
    }

    [Test]
    public void A_pin_moves_every_path_of_its_action_and_nothing_else()
    {
        var pins = ActionPinSet.For(typeof(CachePinBuild));
        Assert.Multiple(() =>
        {
            Assert.That(pins.Resolve(ActionPins.CacheRestore).Reference, Is.EqualTo($"actions/cache/restore@{UpdatedSha}"));
            Assert.That(pins.Resolve(ActionPins.CacheSave), Is.EqualTo(ActionPins.CacheSave with { Sha = UpdatedSha, Version = "v4.4.0" }));
            Assert.That(pins.Resolve(ActionPins.Cache).Version, Is.EqualTo("v4.4.0"));
            Assert.That(pins.Resolve(ActionPins.Checkout), Is.EqualTo(ActionPins.Checkout));
        });
    }

    [TestCase(typeof(UnknownActionPinBuild), "use no action actions/setup-node")]
    [TestCase(typeof(ShortShaPinBuild), "'0123456' is not a full commit SHA")]
    [TestCase(typeof(TagPinBuild), "'v4' is not a full commit SHA")]
    [TestCase(typeof(RepeatedPinBuild), "pins actions/checkout 2 times")]
    [TestCase(typeof(UnversionedPinBuild), "give the release tag the commit carries")]
    public void A_pin_that_would_not_be_one_is_refused_naming_the_fix(Type buildType, string expected)
    {
        var exception = Assert.Throws<BuildDefinitionException>(() => ActionPinSet.For(buildType));
        Assert.That(exception!.Message, Does.Contain(expected));
    }

    [Test]
    public void Drifts_are_found_per_action_and_commit_across_files_and_identical_pins_are_none()
    {
        var generated = $"steps:\n  - uses: {ActionPins.Checkout.Reference} # {ActionPins.Checkout.Version}\n  - uses: {ActionPins.CacheRestore.Reference} # v4.3.0\n";
        var bumped = generated.Replace(ActionPins.Checkout.Sha, UpdatedSha, StringComparison.Ordinal).Replace($"# {ActionPins.Checkout.Version}", "# v4.5.0", StringComparison.Ordinal);

        var drifts = PinDrift.Find([(bumped, generated), (bumped, generated), (generated, generated)]);

        Assert.That(drifts, Is.EqualTo(new[] { new PinDrift("actions/checkout", UpdatedSha, "v4.5.0", ActionPins.Checkout.Sha, ActionPins.Checkout.Version) }));
        Assert.That(PinDrift.Find([(generated, generated)]), Is.Empty);
    }

    [GitHubActionsPin("actions/cache", UpdatedSha, "v4.4.0")]
    private sealed class CachePinBuild : DriftBuildBase;

    [GitHubActionsPin("actions/setup-node", UpdatedSha, "v4.0.0")]
    private sealed class UnknownActionPinBuild : DriftBuildBase;

    [GitHubActionsPin("actions/checkout", "0123456", "v4.5.0")]
    private sealed class ShortShaPinBuild : DriftBuildBase;

    [GitHubActionsPin("actions/checkout", "v4", "v4")]
    private sealed class TagPinBuild : DriftBuildBase;

    [GitHubActionsPin("actions/checkout", UpdatedSha, "v4.5.0")]
    [GitHubActionsPin("actions/checkout", "1123456789abcdef0123456789abcdef01234567", "v4.5.1")]
    private sealed class RepeatedPinBuild : DriftBuildBase;

    [GitHubActionsPin("actions/checkout", UpdatedSha, " ")]
    private sealed class UnversionedPinBuild : DriftBuildBase;
}
