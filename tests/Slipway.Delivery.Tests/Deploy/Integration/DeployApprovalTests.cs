using Slipway.Engine;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Tests.Deploy.Integration;

/// <summary>Production needs an approval: --confirm on a workstation (in CI the GitHub environment's reviewers approve).</summary>
public class DeployApprovalTests
{
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
