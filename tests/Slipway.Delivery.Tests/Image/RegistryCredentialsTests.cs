using Slipway.Delivery.Components;
using Slipway.Engine;
using Slipway.Engine.Execution;
using Slipway.Engine.IO;

namespace Slipway.Delivery.Tests.Image;

/// <summary>
/// Issue 18 §4: the registry login is declared once (<see cref="IHazRegistryCredentials"/>) with its both-or-neither rule,
/// and both stages that log in refuse half of it before they touch a registry or an engine.
/// </summary>
public sealed class RegistryCredentialsTests
{
    [TestCase("REGISTRY_USERNAME", "ci-bot", "Push", "--skip", "DockerBuild")]
    [TestCase("REGISTRY_PASSWORD", "s3cret-token", "Push", "--skip", "DockerBuild")]
    [TestCase("REGISTRY_USERNAME", "ci-bot", "Scan", "--skip", "Restore", "--scan-image-tag", "main")]
    [TestCase("REGISTRY_PASSWORD", "s3cret-token", "Scan", "--skip", "Restore", "--scan-image-tag", "main")]
    public void One_registry_credential_without_the_other_is_bad_input(string variable, string value, params string[] arguments)
    {
        var root = Directory.CreateTempSubdirectory("slipway-registry-login-");
        try
        {
            // Scan reads the solution's project list before it resolves the image to scan.
            File.WriteAllText(Path.Combine(root.FullName, "Slipway.slnx"), "<Solution />\n");
            Directory.CreateDirectory(Path.Combine(root.FullName, ".nuke"));
            using var output = new StringWriter();
            var options = new BuildRunOptions(
                [.. arguments, "--no-logo", "--no-cache"], new Dictionary<string, string> { [variable] = value }, AbsolutePath.Create(root.FullName), output, OutputIsTerminal: false);

            var exitCode = BuildRunner.Run(() => new RegistryBuild(), null, options);

            Assert.That(exitCode, Is.EqualTo(ExitCodes.BadInvocation), output.ToString());
            Assert.That(output.ToString(), Does.Contain("Give both the registry user name (REGISTRY_USERNAME or --registry-username) and its password"));
            Assert.That(output.ToString(), Does.Not.Contain("s3cret-token"));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    private sealed class RegistryBuild : SlipwayBuild, IScan, IDockerBuild, IPush;
}
