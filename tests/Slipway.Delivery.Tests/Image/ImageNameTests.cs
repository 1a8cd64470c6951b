using Slipway.Delivery.Image;
using Slipway.Engine;

namespace Slipway.Delivery.Tests.Image;

public class ImageNameTests
{
    [TestCase("localhost:5000", "catalog-api")]
    [TestCase("ghcr.io", "acme/catalog-api")]
    [TestCase("127.0.0.1:5000", "slipway-tests/catalog_api.v2")]
    public void AcceptsRegistryAndRepository(string registry, string repository)
    {
        var name = new ImageName(registry, repository);

        Assert.That(name.WithTag("main"), Is.EqualTo($"{registry}/{repository}:main"));
        Assert.That(name.WithDigest("sha256:00"), Is.EqualTo($"{registry}/{repository}@sha256:00"));
    }

    [TestCase("localhost:5000", "Catalog-Api")]
    [TestCase("localhost:5000", "catalog api")]
    [TestCase("localhost:5000", "/catalog")]
    [TestCase("https://ghcr.io", "catalog")]
    [TestCase("", "catalog")]
    public void RejectsBadNamesAsBadInput(string registry, string repository)
    {
        var exception = Assert.Throws<BuildFailedException>(() => _ = new ImageName(registry, repository));

        Assert.That(exception.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
    }

    [TestCase("localhost:5000", "http://localhost:5000/")]
    [TestCase("127.0.0.1:5000", "http://127.0.0.1:5000/")]
    [TestCase("ghcr.io", "https://ghcr.io/")]
    public void LoopbackRegistriesAreSpokenToOverPlainHttp(string registry, string expected) =>
        Assert.That(RegistryClient.BaseUri(registry).ToString(), Is.EqualTo(expected));
}
