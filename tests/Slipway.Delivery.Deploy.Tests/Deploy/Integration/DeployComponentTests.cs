using Slipway.Engine;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Tests.Deploy.Integration;

/// <summary>
/// The deploy components as a build process runs them (the sample build): approval, environment names, where the
/// Docker endpoint comes from, ports of environments sharing a host.
/// </summary>
public class DeployComponentTests
{
    private const string Unreachable = "tcp://127.0.0.1:1";
    private const string Image = "localhost:5000/slipway-tests/none@sha256:0000000000000000000000000000000000000000000000000000000000000000";
    private string root = null!;

    [SetUp]
    public void CreateRoot()
    {
        root = Directory.CreateTempSubdirectory("slipway-deploy-build-").FullName;
        Directory.CreateDirectory(Path.Combine(root, ".nuke"));
    }

    [TearDown]
    public void DeleteRoot() => Directory.Delete(root, recursive: true);

    [Test]
    public async Task DeployProduction_from_a_workstation_without_confirm_exits_2_before_touching_any_host()
    {
        var result = await ToolRunner.RunAsync(SampleBuildProcess.Build(root, "DeployProduction", "--image", Image));

        var output = result.StandardOutput + result.StandardError;
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.BadInvocation), output);
            Assert.That(output, Does.Contain("Deploying to production requires approval: run again with --confirm"));
            Assert.That(output, Does.Not.Contain("docker"), "nothing ran");
        });
    }

    [Test]
    public async Task Environments_sharing_a_host_with_overlapping_ports_are_bad_input()
    {
        var result = await ToolRunner.RunAsync(SampleBuildProcess.Build(root, "Rollback", "--environment", "staging", "--list")
            .WithEnvironment("SLIPWAY_STAGING_APP_PORTS", "28250-28270"));

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
            Assert.That(result.StandardOutput + result.StandardError, Does.Contain("Environments staging and production share a Docker host and their ports overlap"));
        });
    }

    [Test]
    public async Task The_docker_endpoint_is_the_command_line_s_then_SLIPWAY_variables_then_the_declaration_then_DOCKER_HOST()
    {
        var environment = "t" + Guid.NewGuid().ToString("N")[..8];
        var variable = $"SLIPWAY_{environment.ToUpperInvariant()}_DOCKER_HOST";
        ToolInvocation List(params string[] more) => SampleBuildProcess.Build(root, ["Rollback", "--environment", environment, "--list", .. more])
            .WithEnvironment("SLIPWAY_TEST_ENVIRONMENT", environment)
            .WithEnvironment("DOCKER_HOST", Unreachable);

        var fromDockerHost = await ToolRunner.RunAsync(List());
        var fromVariable = await ToolRunner.RunAsync(List().WithEnvironment(variable, "unix:///var/run/docker.sock"));
        var fromCommandLine = await ToolRunner.RunAsync(List("--docker-host", "tcp://127.0.0.1:2").WithEnvironment(variable, "unix:///var/run/docker.sock"));

        Assert.Multiple(() =>
        {
            Assert.That(fromDockerHost.ExitCode, Is.EqualTo(ExitCodes.TargetFailed));
            Assert.That(fromDockerHost.StandardOutput + fromDockerHost.StandardError, Does.Contain($"No Docker engine answers (DOCKER_HOST={Unreachable})"));
            Assert.That(fromVariable.ExitCode, Is.EqualTo(ExitCodes.Success), fromVariable.StandardOutput + fromVariable.StandardError);
            Assert.That(fromVariable.StandardOutput, Does.Contain($"Retained versions of {environment}"));
            Assert.That(fromCommandLine.ExitCode, Is.EqualTo(ExitCodes.TargetFailed));
            Assert.That(fromCommandLine.StandardOutput + fromCommandLine.StandardError, Does.Contain("DOCKER_HOST=tcp://127.0.0.1:2"));
        });
    }

    [Test]
    public async Task Rollback_names_the_environments_the_build_declares_when_given_an_unknown_one()
    {
        var result = await ToolRunner.RunAsync(SampleBuildProcess.Build(root, "Rollback", "--environment", "prod", "--list"));

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
            Assert.That(result.StandardOutput + result.StandardError, Does.Contain("Unknown environment 'prod'. This build declares: staging, production."));
        });
    }
}
