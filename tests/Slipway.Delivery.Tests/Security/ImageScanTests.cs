using Slipway.Delivery.Image;
using Slipway.Delivery.Security;
using Slipway.Engine;
using Slipway.Engine.IO;
using Slipway.Engine.Logging;

namespace Slipway.Delivery.Tests.Security;

/// <summary>Which image Scan checks, and the trivy command lines of one image scan, as data.</summary>
public class ImageScanTests
{
    private static readonly AbsolutePath Json = AbsolutePath.Create("/repo/artifacts/scan/trivy.json");
    private static readonly AbsolutePath Sarif = AbsolutePath.Create("/repo/artifacts/scan/trivy.sarif");
    private static readonly AbsolutePath Config = AbsolutePath.Create("/tmp/slipway-trivy-1");

    [Test]
    public void The_published_tag_is_read_from_the_registry_push_publishes_to()
    {
        var request = ImageScanRequest.Resolve(null, "main", "ghcr.io", "acme/catalog-api", null);

        Assert.That(request.Image, Is.EqualTo("ghcr.io/acme/catalog-api:main"));
        Assert.That(request.FromRegistry, Is.True);
        Assert.That(request.Registry, Is.EqualTo("ghcr.io"));
    }

    [Test]
    public void An_explicit_image_wins_and_may_be_a_local_one()
    {
        var request = ImageScanRequest.Resolve("localhost:5000/catalog-api:sha-1a2b3c4", "main", "ghcr.io", "acme/catalog-api", null);

        Assert.That(request.Image, Is.EqualTo("localhost:5000/catalog-api:sha-1a2b3c4"));
        Assert.That(request.FromRegistry, Is.False);
        Assert.That(request.Registry, Is.EqualTo("localhost:5000"));
    }

    [Test]
    public void Without_an_image_or_a_tag_nothing_is_scanned() =>
        Assert.That(ImageScanRequest.Resolve(" ", null, "ghcr.io", "acme/catalog-api", null).Image, Is.Null);

    [TestCase("catalog-api:1.0.0", "docker.io")]
    [TestCase("library/alpine", "docker.io")]
    [TestCase("localhost/app:1", "localhost")]
    [TestCase("registry.example.com:5000/team/app@sha256:abc", "registry.example.com:5000")]
    public void The_registry_of_a_reference_follows_dockers_rule(string image, string registry) =>
        Assert.That(ImageName.RegistryOf(image), Is.EqualTo(registry));

    [Test]
    public void A_repository_with_capitals_is_bad_input_naming_the_lowercase_one()
    {
        // GitHub's default for IMAGE_REPOSITORY is github.repository, which keeps the owner's capitals.
        var exception = Assert.Throws<BuildFailedException>(() => ImageScanRequest.Resolve(null, "main", "ghcr.io", "Acme/Catalog-Api", null));

        Assert.That(exception!.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
        Assert.That(exception.Message, Does.Contain("'Acme/Catalog-Api' has capital letters").And.Contain("'acme/catalog-api'").And.Contain("IMAGE_REPOSITORY"));
    }

    [TestCase("not a tag", "--scan-image-tag 'not a tag' is not an image tag")]
    [TestCase("-main", "--scan-image-tag '-main' is not an image tag")]
    public void A_bad_tag_is_bad_input(string tag, string message)
    {
        var exception = Assert.Throws<BuildFailedException>(() => ImageScanRequest.Resolve(null, tag, "ghcr.io", "acme/catalog-api", null));

        Assert.That(exception!.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
        Assert.That(exception.Message, Does.Contain(message));
    }

    [Test]
    public void Without_credentials_trivy_scans_with_the_credential_store_and_converts_to_sarif()
    {
        var commands = ImageScan.Commands(ImageScanRequest.Resolve(null, "main", "ghcr.io", "acme/catalog-api", null), Json, Sarif, null);

        Assert.That(commands.Select(c => c.Render()), Is.EqualTo(new[]
        {
            "trivy image --scanners vuln --severity HIGH,CRITICAL --format json --output /repo/artifacts/scan/trivy.json --exit-code 0 --quiet " +
            "--image-src remote ghcr.io/acme/catalog-api:main",
            "trivy convert --format sarif --output /repo/artifacts/scan/trivy.sarif /repo/artifacts/scan/trivy.json",
        }));
        Assert.That(commands.SelectMany(c => c.Environment.Keys), Is.Empty);
    }

    [Test]
    public void A_login_goes_to_the_images_registry_only_with_the_password_on_standard_input()
    {
        const string Password = "ghs_ImageScanTestTokenValue0123456789";
        var request = ImageScanRequest.Resolve(null, "main", "ghcr.io", "acme/catalog-api", new RegistryCredentials("octocat", Password));

        var commands = ImageScan.Commands(request, Json, Sarif, Config);

        var login = commands[0];
        Assert.That(login.Render(), Is.EqualTo("trivy registry login --username octocat --password-stdin ghcr.io"));
        Assert.That(login.Arguments, Has.None.Contains(Password), "never in argv");
        Assert.That(login.StandardInput, Is.EqualTo(Password));
        Assert.That(login.Environment, Is.EqualTo(new Dictionary<string, string?> { ["DOCKER_CONFIG"] = "/tmp/slipway-trivy-1" }));
        Assert.That(SecretMasker.Apply($"token {Password}"), Does.Not.Contain(Password), "registered with the masker");

        var scan = commands[1];
        Assert.That(scan.Arguments, Does.Contain("--image-src").And.Contain("ghcr.io/acme/catalog-api:main"));
        Assert.That(scan.Environment, Is.EqualTo(new Dictionary<string, string?> { ["DOCKER_CONFIG"] = "/tmp/slipway-trivy-1" }));

        // TRIVY_USERNAME/TRIVY_PASSWORD would be offered to every registry the scan touches (the vulnerability database's too).
        Assert.That(commands.SelectMany(c => c.Environment.Keys), Has.None.StartsWith("TRIVY_"));
        Assert.That(commands.Select(c => c.Render()), Has.None.Contains(Password));
        Assert.That(commands[2].Arguments[0], Is.EqualTo("convert"));
    }

    [Test]
    public void A_login_needs_a_private_config_folder() =>
        Assert.Throws<ArgumentNullException>(() => ImageScan.Commands(
            ImageScanRequest.Resolve("ghcr.io/acme/app:1", null, "ghcr.io", "acme/app", new RegistryCredentials("u", "p-ImageScanTests")), Json, Sarif, null));
}
