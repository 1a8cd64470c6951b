using Slipway.Delivery.Quality;
using Slipway.Engine.IO;

namespace Slipway.Delivery.Tests.Quality;

public class LintCommandsTests
{
    private static readonly AbsolutePath Root = AbsolutePath.Create("/repo");

    [Test]
    public void Format_verifies_without_changing_unless_fixing()
    {
        var verify = LintCommands.DotNetFormat(Root / "Slipway.slnx", Root / "artifacts" / "lint" / "format.json", fix: false);
        var fix = LintCommands.DotNetFormat(Root / "Slipway.slnx", Root / "artifacts" / "lint" / "format.json", fix: true);

        Assert.That(verify.Render(), Is.EqualTo("dotnet format /repo/Slipway.slnx --no-restore --report /repo/artifacts/lint/format.json --verbosity quiet --verify-no-changes"));
        Assert.That(fix.Arguments, Does.Not.Contain("--verify-no-changes"));
        Assert.That(verify.Environment, Does.ContainKey("IntermediateOutputPath").WithValue("obj/lint/Debug/"), "design-time builds stay out of Compile's obj/");
        Assert.That(verify.Environment, Does.ContainKey("OutputPath").WithValue("bin/lint/Debug/"));
    }

    [Test]
    public void Shellcheck_gets_the_scripts_after_a_double_dash()
    {
        var check = LintCommands.ShellCheck(Root, ["build.sh", "-weird.sh"]);

        Assert.That(check.Arguments, Is.EqualTo(new[] { "--format=json1", "--external-sources", "--", "build.sh", "-weird.sh" }));
        Assert.That(check.WorkingDirectory, Is.EqualTo("/repo"));
        Assert.That(LintCommands.ShellCheckFixes(Root, ["build.sh"]).Arguments, Does.Contain("--format=diff"));
    }

    [Test]
    public void Patches_are_applied_from_standard_input()
    {
        var apply = LintCommands.ApplyPatch(Root, "--- a/x\n+++ b/x\n");

        Assert.That(apply.Render(), Is.EqualTo("git apply --whitespace=nowarn -"));
        Assert.That(apply.StandardInput, Does.StartWith("--- a/x"));
    }
}
