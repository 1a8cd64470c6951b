using Slipway.Delivery.Docker;
using Slipway.Engine;

namespace Slipway.Delivery.Tests.Docker;

public class DockerClientLocatorTests
{
    [Test]
    public void PrefersAClientWithBuildx()
    {
        var client = DockerClientLocator.Choose(
        [
            new("/usr/local/bin/docker", new Version(20, 10, 24), false),
            new("/usr/bin/docker", new Version(27, 3, 1), true),
        ]);

        Assert.That(client, Is.EqualTo(new DockerClient("/usr/bin/docker", new Version(27, 3, 1), DockerBuilderKind.Buildx)));
    }

    [Test]
    public void SkipsAModernClientWithoutBuildx_ForAnOlderOneThatRunsBuildKitItself()
    {
        var client = DockerClientLocator.Choose(
        [
            new("/usr/local/bin/docker", new Version(28, 5, 1), false),
            new("/usr/bin/docker", new Version(20, 10, 24), false),
        ]);

        Assert.That(client.Executable, Is.EqualTo("/usr/bin/docker"));
        Assert.That(client.Builder, Is.EqualTo(DockerBuilderKind.ClassicBuildKit));
    }

    [Test]
    public void FailsWithAdvice_WhenOnlyAModernClientWithoutBuildxExists()
    {
        var exception = Assert.Throws<BuildFailedException>(() =>
            DockerClientLocator.Choose([new("/usr/local/bin/docker", new Version(28, 5, 1), false)]));

        Assert.That(exception.Message, Does.Contain("/usr/local/bin/docker").And.Contain("buildx plugin"));
    }

    [Test]
    public void FailsWithAdvice_WhenNoClientAnswers()
    {
        var exception = Assert.Throws<BuildFailedException>(() =>
            DockerClientLocator.Choose([new("/opt/broken/docker", null, false)]));

        Assert.That(exception.Message, Does.Contain("Install Docker"));
    }

    [TestCase("Docker version 20.10.24+dfsg1, build 297e128", 20, 10, 24)]
    [TestCase("Docker version 28.5.1, build e180ab8", 28, 5, 1)]
    [TestCase("Docker version 27.0", 27, 0, 0)]
    public void ParsesTheClientVersion(string output, int major, int minor, int build) =>
        Assert.That(DockerClientLocator.ParseClientVersion(output), Is.EqualTo(new Version(major, minor, build)));

    [Test]
    public void AnUnreadableVersionIsNull() =>
        Assert.That(DockerClientLocator.ParseClientVersion("command not found"), Is.Null);
}
