using Slipway.Delivery.Image;
using Slipway.Delivery.Versioning;

namespace Slipway.Delivery.Tests.Versioning;

public class ReleaseLineTests
{
    [TestCase("hotfix/1.3", "1.3")]
    [TestCase("hotfix/1.3.x", "1.3")]
    [TestCase("hotfixes/v2.10.4", "2.10")]
    [TestCase("hotfix-1.3-login-loop", "1.3")]
    [TestCase("hotfix/login", null)]
    [TestCase("hotfix/13", null)]
    [TestCase("release/1.3", null)]
    public void A_hotfix_branch_names_the_line_it_patches_at_its_start(string branch, string? line)
    {
        Assert.That(ReleaseLine.FromHotfixBranch(branch)?.ToString(), Is.EqualTo(line));
    }

    [TestCase("1.4.1", true)]
    [TestCase("1.3.1", false)]
    [TestCase("1.5.0-rc.2", false)]
    [TestCase("1.4.0", true)]
    public void Only_a_stable_version_no_stable_release_outranks_becomes_the_latest(string version, bool newest)
    {
        VersionTag[] releases = [Tag("1.3.0"), Tag("1.4.0"), Tag("1.5.0-rc.1")];

        var isNewest = ReleaseLine.IsNewest(StrictSemVer.Parse(version), releases);

        Assert.Multiple(() =>
        {
            Assert.That(isNewest, Is.EqualTo(newest));
            Assert.That(ImagePromotion.ReleaseTags(version, latest: isNewest).Contains("latest"), Is.EqualTo(newest), "Promote moves the image's latest tag only then");
        });
    }

    private static VersionTag Tag(string version) => new("prod/v" + version, StrictSemVer.Parse(version), "c0ffee");
}
