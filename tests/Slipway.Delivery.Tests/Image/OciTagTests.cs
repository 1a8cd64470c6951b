using Slipway.Delivery.Image;

namespace Slipway.Delivery.Tests.Image;

public class OciTagTests
{
    [TestCase("main", "main")]
    [TestCase("feature/Add Login", "feature-Add-Login")]
    [TestCase("release/1.4", "release-1.4")]
    [TestCase("hotfix//urgent!!fix", "hotfix-urgent-fix")]
    [TestCase("-.leading", "leading")]
    [TestCase("_underscore_ok", "_underscore_ok")]
    [TestCase("dependabot/nuget/Polly-8.9.1", "dependabot-nuget-Polly-8.9.1")]
    [TestCase("fix/übersetzung", "fix-bersetzung")]
    [TestCase("1.4.0+build.7", "1.4.0-build.7")]
    public void SanitizesToATagThatIsValid(string text, string expected)
    {
        var tag = OciTag.Sanitize(text);

        Assert.That(tag, Is.EqualTo(expected));
        Assert.That(OciTag.IsValid(tag), Is.True);
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("  ")]
    [TestCase("///")]
    [TestCase(".-")]
    public void NothingTagSafeLeft_IsNull(string? text) => Assert.That(OciTag.Sanitize(text), Is.Null);

    [Test]
    public void LongNamesAreCutTo128Characters()
    {
        var tag = OciTag.Sanitize("feature/" + new string('x', 300));

        Assert.That(tag, Has.Length.EqualTo(128));
        Assert.That(OciTag.IsValid(tag), Is.True);
    }

    [TestCase("sha-1a2b3c4", true)]
    [TestCase("1.4.0-beta.1", true)]
    [TestCase(".hidden", false)]
    [TestCase("-dash", false)]
    [TestCase("a/b", false)]
    [TestCase("1.4.0+meta", false)]
    public void ValidatesTheOciGrammar(string tag, bool valid) => Assert.That(OciTag.IsValid(tag), Is.EqualTo(valid));
}
