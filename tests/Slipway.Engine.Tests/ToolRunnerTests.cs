using Slipway.Engine.Logging;
using Slipway.Engine.Tooling;

namespace Slipway.Engine.Tests;

public sealed class ToolRunnerTests
{
    [Test]
    public async Task Runs_a_real_process_and_captures_output_and_exit_code()
    {
        var result = await ToolRunner.RunAsync(new ToolInvocation("sh", "-c", "echo out; echo err >&2; exit 3"));
        Assert.That(result.ExitCode, Is.EqualTo(3));
        Assert.That(result.StandardOutput, Is.EqualTo("out\n"));
        Assert.That(result.StandardError, Is.EqualTo("err\n"));
        var exception = Assert.Throws<ToolException>(() => result.EnsureSuccess());
        Assert.That(exception!.Message, Does.Contain("'sh -c 'echo out; echo err >&2; exit 3'' exited with code 3").And.Contain("err"));
    }

    [Test]
    public async Task Passes_environment_working_directory_and_standard_input()
    {
        var directory = Directory.CreateTempSubdirectory("slipway-tool-").FullName;
        try
        {
            var result = await ToolRunner.RunAsync(new ToolInvocation("sh", "-c", "pwd; echo $GREETING; cat")
            {
                WorkingDirectory = directory,
                StandardInput = "from stdin",
            }.WithEnvironment("GREETING", "hello"));
            Assert.That(result.OutputLines, Is.EqualTo(new[] { directory, "hello", "from stdin" }));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public void Secrets_are_masked_in_the_rendered_command_line_and_in_output()
    {
        var invocation = new ToolInvocation("sh", "-c", "echo token=p4ssw0rd-xyz") { Secrets = ["p4ssw0rd-xyz"] };
        Assert.That(invocation.Render(), Is.EqualTo("sh -c 'echo token=***'"));
        var result = ToolRunner.Run(invocation);
        Assert.That(result.StandardOutput, Is.EqualTo("token=***\n"));
    }

    [Test]
    public void Registered_secrets_are_masked_everywhere()
    {
        SecretMasker.Register("registered-secret-1");
        var result = ToolRunner.Run(new ToolInvocation("echo", "registered-secret-1"));
        Assert.That(result.StandardOutput, Is.EqualTo("***\n"));
        Assert.That(new ToolException("failed with registered-secret-1").Message, Is.EqualTo("failed with ***"));
    }

    [Test]
    public void A_missing_tool_says_so()
    {
        var exception = Assert.ThrowsAsync<ToolException>(() => ToolRunner.RunAsync(new ToolInvocation("no-such-tool-slipway")));
        Assert.That(exception!.Message, Does.Contain("Could not start 'no-such-tool-slipway'").And.Contain("on PATH"));
    }

    [Test]
    public void A_timeout_kills_the_process_and_says_so()
    {
        var invocation = new ToolInvocation("sleep", "30") { Timeout = TimeSpan.FromMilliseconds(200) };
        var exception = Assert.ThrowsAsync<ToolException>(() => ToolRunner.RunAsync(invocation));
        Assert.That(exception!.Message, Does.Contain("'sleep 30' did not finish within"));
    }
}
