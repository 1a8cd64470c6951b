using Slipway.Delivery.Docker;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Tests.Docker;

/// <summary>
/// Which client an engine drives, on this machine's real clients (a 28.x client without buildx first on PATH and
/// Debian's 20.10 after it, in CI): a deploy takes the first that answers; a build the one that can build.
/// </summary>
public class DockerEngineConnectTests
{
    [Test]
    public async Task A_deploy_uses_the_first_client_that_answers_and_a_build_it_needs_after_all_probes_for_the_one_that_can_build()
    {
        var firstOnPath = DockerClientLocator.Executables()[0];
        var builder = await DockerClientLocator.LocateAsync();

        await using var forDeploy = await DockerEngine.ConnectAsync(forBuilds: false);
        var forItsBuild = await forDeploy.ForBuildsAsync();
        await using var forBuilds = await DockerEngine.ConnectAsync();
        var answer = await forItsBuild.RunAsync(forItsBuild.Cli.ServerVersion());

        Assert.Multiple(async () =>
        {
            Assert.That(forDeploy.Cli.Client.Executable, Is.EqualTo(firstOnPath), "no probing of what each client can build");
            Assert.That(forItsBuild.Cli.Client, Is.EqualTo(builder));
            Assert.That(forBuilds.Cli.Client, Is.EqualTo(builder));
            Assert.That(await forBuilds.ForBuildsAsync(), Is.SameAs(forBuilds), "already chosen for builds");
            Assert.That(answer.StandardOutput.Trim(), Is.EqualTo(forDeploy.ServerVersion), "the same engine");
            Assert.That((await ToolRunner.RunAsync(forDeploy.Cli.ServerVersion())).StandardOutput.Trim(), Is.EqualTo(forDeploy.ServerVersion));
        });
    }
}
