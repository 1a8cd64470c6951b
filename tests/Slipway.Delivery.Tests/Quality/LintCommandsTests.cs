using Slipway.Delivery.Quality;
using Slipway.Engine.IO;

namespace Slipway.Delivery.Tests.Quality;

public class LintCommandsTests
{
    private static readonly AbsolutePath Root = AbsolutePath.Create("/repo");

    [Test]
    public void The_check_reads_whitespace_from_the_folder_and_style_from_the_solution_and_fixing_runs_the_whole_of_dotnet_format()
    {
        var whitespace = LintCommands.WhitespaceCheck(Root, Root / "artifacts" / "lint" / "format.json");
        var style = LintCommands.StyleCheck(Root / "Slipway.slnx", Root / "artifacts" / "lint" / "style.json");
        var fix = LintCommands.DotNetFormatFix(Root / "Slipway.slnx", Root / "artifacts" / "lint" / "format.json");

        Assert.That(whitespace.Render(), Is.EqualTo("dotnet format whitespace /repo --folder --verify-no-changes --report /repo/artifacts/lint/format.json --verbosity quiet"));
        Assert.That(style.Render(), Is.EqualTo("dotnet format style /repo/Slipway.slnx --no-restore --report /repo/artifacts/lint/style.json --verbosity quiet --verify-no-changes"));
        Assert.That(fix.Render(), Is.EqualTo("dotnet format /repo/Slipway.slnx --no-restore --report /repo/artifacts/lint/format.json --verbosity quiet"));
        foreach (var workspace in new[] { style, fix })
        {
            Assert.That(workspace.Environment, Does.ContainKey("IntermediateOutputPath").WithValue("obj/lint/Debug/"), "design-time builds stay out of Compile's obj/");
            Assert.That(workspace.Environment, Does.ContainKey("OutputPath").WithValue("bin/lint/Debug/"));
        }
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
