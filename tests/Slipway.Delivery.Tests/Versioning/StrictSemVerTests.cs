using Slipway.Delivery.Versioning;

namespace Slipway.Delivery.Tests.Versioning;

public class StrictSemVerTests
{
    [TestCase("1.4.0")]
    [TestCase("0.0.0")]
    [TestCase("10.20.30")]
    [TestCase("1.4.0-rc.1")]
    [TestCase("1.4.0-alpha-2.0.x")]
    [TestCase("1.4.0-0")]
    public void Valid_versions_parse(string text)
    {
        Assert.Multiple(() =>
        {
            Assert.That(StrictSemVer.TryParse(text, out var version, out var error), Is.True, error);
            Assert.That(version.ToNormalizedString(), Is.EqualTo(text));
        });
    }

    [TestCase("", "No version given")]
    [TestCase("v1.4.0", "'v' prefix: pass '1.4.0'")]
    [TestCase("1.4", "exactly three numbers")]
    [TestCase("1.4.0.0", "4 numbers; SemVer has exactly three, MAJOR.MINOR.PATCH: pass '1.4.0'")]
    [TestCase("01.4.0", "leading zero in '01': SemVer forbids them. Pass '1.4.0'")]
    [TestCase("1.04.0-rc.1", "Pass '1.4.0-rc.1'")]
    [TestCase("1.4.0+build.5", "build metadata")]
    [TestCase("1.4.0-rc.01", "'01' is a number with a leading zero")]
    [TestCase("1.4.0-rc..1", "an empty identifier")]
    [TestCase("1.4.0-rc_1", "characters other than")]
    [TestCase("1.x.0", "'x' is not a number")]
    [TestCase(" 1.4.0", "surrounding spaces")]
    [TestCase("1.4.99999999999", "too large")]
    public void Invalid_versions_are_rejected_with_the_reason_and_the_fix(string text, string expectedMessage)
    {
        Assert.Multiple(() =>
        {
            Assert.That(StrictSemVer.TryParse(text, out _, out var error), Is.False);
            Assert.That(error, Does.Contain(expectedMessage));
        });
    }

    [TestCase("1.4.0-rc.1", "1.4.0", -1)]
    [TestCase("1.4.0-alpha.10", "1.4.0-alpha.9", 1)]
    [TestCase("1.4.0-rc.1.3", "1.4.0-rc.1", 1)]
    [TestCase("1.4.0-3", "1.4.0-alpha", -1)]
    [TestCase("2.0.0", "1.99.99", 1)]
    public void Versions_compare_by_SemVer_precedence(string left, string right, int sign)
    {
        Assert.That(Math.Sign(StrictSemVer.Compare(StrictSemVer.Parse(left), StrictSemVer.Parse(right))), Is.EqualTo(sign));
    }
}
