using Slipway.Delivery.Image;
using Slipway.Engine;

namespace Slipway.Delivery.Tests.Image;

public class ImageTagsTests
{
    private const string Commit = "1A2B3C4D5E6F7081920a1b2c3d4e5f6071829304";

    [Test]
    public void ABranchBuild_IsTaggedWithShaAndBranch() =>
        Assert.That(ImageTags.For(Commit, "feature/login", "1.4.1-login.3", isRelease: false),
            Is.EqualTo(new[] { "sha-1a2b3c4", "feature-login" }));

    [Test]
    public void AReleaseBuild_IsAlsoTaggedWithItsSemVer() =>
        Assert.That(ImageTags.For(Commit, "main", "1.4.0", isRelease: true), Is.EqualTo(new[] { "sha-1a2b3c4", "main", "1.4.0" }));

    [Test]
    public void BuildMetadataInTheVersionTag_BecomesADash() =>
        Assert.That(ImageTags.For(Commit, null, "1.4.0+7", isRelease: true), Is.EqualTo(new[] { "sha-1a2b3c4", "1.4.0-7" }));

    [Test]
    public void ADetachedHead_HasNoBranchTag() =>
        Assert.That(ImageTags.For(Commit, null, "1.4.0", isRelease: false), Is.EqualTo(new[] { "sha-1a2b3c4" }));

    [TestCase("")]
    [TestCase("abc12")]
    [TestCase("not-a-commit-id")]
    public void ABadCommitId_IsBadInput(string commit)
    {
        var exception = Assert.Throws<BuildFailedException>(() => ImageTags.For(commit, "main", "1.0.0", false));

        Assert.That(exception.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
    }

    [Test]
    public void ABadVersion_IsBadInput()
    {
        var exception = Assert.Throws<BuildFailedException>(() => ImageTags.For(Commit, "main", "v1.4", true));

        Assert.That(exception.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
        Assert.That(exception.Message, Does.Contain("SemVer"));
    }
}
