using Slipway.Delivery.Deploy;
using Slipway.Engine;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Tests.Deploy.Integration;

/// <summary>
/// App variables (connection strings) stay out of a deploy's output even at <c>--verbosity verbose</c>, where every
/// query's output is logged: the deploy's own (masked) and another environment's on the same host (never inspected).
/// </summary>
[NonParallelizable]
public class DeploySecrecyTests
{
    private IReadOnlyDictionary<string, string> images = null!;
    private string root = null!;

    [OneTimeSetUp]
    public async Task BuildImagesAsync()
    {
        images = await DeployTestImages.StandInsAsync();
        root = Directory.CreateTempSubdirectory("slipway-deploy-build-").FullName;
        Directory.CreateDirectory(Path.Combine(root, ".nuke"));
    }

    [OneTimeTearDown]
    public void DeleteRoot() => Directory.Delete(root, recursive: true);

    [Test]
    public async Task No_app_variable_value_of_any_environment_on_the_host_appears_in_a_verbose_deploy_log()
    {
        var own = "Host=db;Password=own-" + Guid.NewGuid().ToString("N");
        var neighbours = "Host=db;Password=neighbour-" + Guid.NewGuid().ToString("N");
        await using var neighbour = await TestEnvironment.CreateAsync(e => e with
        {
            BakeWindow = TimeSpan.Zero,
            AppEnvironment = new Dictionary<string, string>(StringComparer.Ordinal) { ["ConnectionStrings__Catalog"] = neighbours },
        });
        await neighbour.DeployAsync(images["v1"]);
        await using var environment = await TestEnvironment.CreateAsync();

        var deploy = SampleBuildProcess.DeployStaging(root, environment.Environment, images["v1"], "--verbosity", "verbose")
            .WithEnvironment(DeployEnvironmentOverrides.Prefix(environment.Name) + DeployEnvironmentOverrides.AppEnvironmentInfix + "ConnectionStrings__Catalog", own);
        var result = await ToolRunner.RunAsync(deploy);
        var output = result.StandardOutput + result.StandardError;
        var env = await environment.DockerAsync("container", "inspect", "--format", "{{json .Config.Env}}",
            (await environment.SnapshotAsync()).Live?.Name ?? "missing");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), string.Join('\n', output.Split('\n').TakeLast(30)));
            Assert.That(env, Does.Contain(own), "the app got its variable");
            Assert.That(output, Does.Match("\"slipway.environment\":\\s*\"" + neighbour.Name + "\""),
                "the verbose log holds the inspect output, of the neighbour's container too (it claims ports on the host)");
            Assert.That(output, Does.Not.Contain(own), "the deploy's own app variable is masked");
            Assert.That(output, Does.Not.Contain(neighbours), "another environment's app variable is never read");
            Assert.That(output, Does.Not.Contain("Password="));
        });
    }
}
