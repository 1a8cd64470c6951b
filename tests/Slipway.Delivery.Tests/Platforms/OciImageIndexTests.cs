using Slipway.Delivery.Image;
using Slipway.Engine;

namespace Slipway.Delivery.Tests.Platforms;

public class OciImageIndexTests
{
    private const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";

    [Test]
    public void AnIndex_NamesEachPlatformsManifest_AndReadsBack()
    {
        var amd64 = new RegistryManifest("sha256:" + new string('a', 64), DockerManifest, new byte[1234]);
        var arm64 = new RegistryManifest("sha256:" + new string('b', 64), DockerManifest, new byte[99]);

        var index = OciImageIndex.Create([(ImagePlatform.Parse("linux/amd64"), amd64), (ImagePlatform.Parse("linux/arm64"), arm64)]);

        Assert.That(System.Text.Encoding.UTF8.GetString(index), Does.StartWith("""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.docker.distribution.manifest.v2+json","digest":"sha256:aaaa"""));
        Assert.That(System.Text.Encoding.UTF8.GetString(index), Does.Contain("\"size\":1234,\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}"));
        Assert.That(OciImageIndex.ReadPlatforms(index), Is.EqualTo(new[] { ("linux/amd64", amd64.Digest), ("linux/arm64", arm64.Digest) }));
    }

    [TestCase("linux/amd64", "linux-amd64")]
    [TestCase("linux/arm/v7", "linux-arm-v7")]
    [TestCase(" linux/arm64 ", "linux-arm64")]
    public void APlatform_ParsesToItsTagSuffix(string value, string suffix) =>
        Assert.That(ImagePlatform.Parse(value).TagSuffix, Is.EqualTo(suffix));

    [TestCase("arm64")]
    [TestCase("linux/")]
    [TestCase("Linux/AMD64")]
    [TestCase("linux/arm/v7/x")]
    public void ABadPlatform_IsBadInput_NamingTheForm(string value)
    {
        var exception = Assert.Throws<BuildFailedException>(() => ImagePlatform.Parse(value));

        Assert.That(exception.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
        Assert.That(exception.Message, Does.Contain("os/architecture[/variant]"));
    }
}
