using Slipway.Delivery.LocalInfra;
using Slipway.Delivery.Tests.Deploy.Integration;
using Slipway.Delivery.Tests.Git;
using Slipway.Engine;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Tests.Docker;

/// <summary>
/// The Provision target in a build process, over a repository's own <c>.ci/provision-*.sh</c> scripts: they run in name
/// order, the first that fails stops the build naming the script and the command that fixes it, and
/// <c>--no-provision</c> runs none. How each privilege runs a script is checked without processes.
/// </summary>
public class ProvisionTargetTests
{
    private TempGitRepository repository = null!;

    private string Marker => Path.Combine(repository.Path, "ran.txt");

    [SetUp]
    public void CreateRepository()
    {
        repository = TempGitRepository.Create();
        Directory.CreateDirectory(Path.Combine(repository.Path, ".ci"));
        WriteScript("provision-a.sh", $"echo a >> \"{Marker}\"");
        WriteScript("provision-b.sh", $"echo b >> \"{Marker}\"");
        repository.Commit("chore: start");
    }

    [TearDown]
    public void DeleteRepository() => repository.Dispose();

    private void WriteScript(string name, string body) =>
        File.WriteAllText(Path.Combine(repository.Path, ".ci", name), "#!/usr/bin/env bash\nset -euo pipefail\n" + body + "\n");

    [Test]
    public async Task The_scripts_run_in_name_order_and_no_provision_runs_none()
    {
        var ran = await ToolRunner.RunAsync(SampleBuildProcess.Build(repository.Path, "Provision"));
        Assert.That(ran.ExitCode, Is.EqualTo(ExitCodes.Success), ran.StandardOutput + ran.StandardError);
        Assert.That(File.ReadAllText(Marker), Is.EqualTo("a\nb\n"));
        Assert.That(ran.StandardOutput, Does.Contain("Setting this machine up as CI does: 2 provisioning scripts"));

        File.Delete(Marker);
        var skipped = await ToolRunner.RunAsync(SampleBuildProcess.Build(repository.Path, "Provision", "--no-provision"));
        Assert.That(skipped.ExitCode, Is.EqualTo(ExitCodes.Success), skipped.StandardOutput + skipped.StandardError);
        Assert.That(File.Exists(Marker), Is.False, "--no-provision runs no script");
    }

    [Test]
    public async Task The_first_failing_script_stops_the_build_naming_it_and_the_fix_and_the_later_ones_do_not_run()
    {
        WriteScript("provision-a.sh", "echo 'haproxy is not installed' >&2; exit 3");

        var result = await ToolRunner.RunAsync(SampleBuildProcess.Build(repository.Path, "Provision"));

        var output = result.StandardOutput + result.StandardError;
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.TargetFailed), output);
            Assert.That(output, Does.Contain("haproxy is not installed"), "the script's own words reach the log");
            Assert.That(output, Does.Contain(".ci/provision-a.sh failed (exit code 3).").And.Contain("--no-provision"));
            Assert.That(File.Exists(Marker), Is.False, "provision-b.sh never ran");
        });
    }

    [Test]
    public void Each_privilege_runs_a_script_its_own_way_and_says_its_own_fix()
    {
        Assert.Multiple(() =>
        {
            Assert.That(MachineProvisioning.Command("/r/.ci/provision-x.sh", ProvisionPrivilege.Root).Render(), Is.EqualTo("bash /r/.ci/provision-x.sh"));
            Assert.That(MachineProvisioning.Command("/r/.ci/provision-x.sh", ProvisionPrivilege.User).Render(), Is.EqualTo("bash /r/.ci/provision-x.sh"));
            Assert.That(MachineProvisioning.Command("/r/.ci/provision-x.sh", ProvisionPrivilege.Sudo).Render(),
                Is.EqualTo("sudo -n --preserve-env=CI,DEBIAN_FRONTEND,SLIPWAY_VALIDATORS_DIR bash /r/.ci/provision-x.sh"));
            Assert.That(MachineProvisioning.Fix(".ci/provision-x.sh", ProvisionPrivilege.User), Does.Contain("run `sudo bash .ci/provision-x.sh` once"));
            Assert.That(MachineProvisioning.Fix(".ci/provision-x.sh", ProvisionPrivilege.Root), Does.Contain("Its output above says what failed").And.Not.Contain("sudo"));
        });
    }
}
