using Slipway.Delivery.Image;
using Slipway.Delivery.LocalInfra;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Tests.Docker;

[NonParallelizable]
public class LocalDockerInfraTests
{
    [Test]
    public async Task OnAProvisionedMachine_EngineRegistryAndStandInsAreReady()
    {
        TestLog.Enable();

        var status = await LocalDockerInfra.CheckAsync();

        Assert.That(status.IsReady, Is.True, status.Describe());
        Assert.That(status.EngineVersion, Is.Not.Empty);
        Assert.That(status.Registry.StatusCode, Is.EqualTo(200));
        Assert.That(status.MissingImages, Is.Empty);
    }

    [Test]
    public async Task TheProvisionScript_IsIdempotent()
    {
        TestLog.Enable();
        var script = Path.Combine(DockerTestEnvironment.RepositoryRoot(), LocalDockerInfra.ProvisionScript);

        var result = await ToolRunner.RunAsync(new ToolInvocation("bash", script) { Timeout = TimeSpan.FromMinutes(20) });

        Assert.That(result.ExitCode, Is.EqualTo(0), result.StandardError);
        Assert.That(result.StandardError, Does.Contain("ready: engine").And.Not.Contain("starting").And.Not.Contain("building"));
        Assert.That((await LocalDockerInfra.CheckAsync()).IsReady, Is.True);
    }

    [Test]
    public void AnIncompleteSetup_IsDescribedWithTheScriptThatProvisionsIt()
    {
        var status = new LocalInfraStatus(
            null, new RegistryProbe(new Uri("http://localhost:5000/v2/"), null, "Connection refused"), [StandInImages.Sdk],
            ["no registry at localhost:5000", $"stand-in base images missing: {StandInImages.Sdk}"]);

        Assert.That(status.IsReady, Is.False);
        Assert.That(status.Describe(), Does.Contain(".ci/provision-docker.sh").And.Contain("no registry").And.Contain(StandInImages.Sdk));
    }
}
