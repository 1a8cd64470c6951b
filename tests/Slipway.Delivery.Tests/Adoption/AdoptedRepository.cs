using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Tests.Adoption;

/// <summary>Runs dotnet and the adopted repository's own ./build.sh in it, with the environment of a developer's shell there.</summary>
internal sealed class AdoptedRepository(string root, IReadOnlyDictionary<string, string?> environment)
{
    public ToolResult Dotnet(params string[] arguments) => Run(new ToolInvocation("dotnet", arguments), new Dictionary<string, string?>());

    public ToolResult BuildSh(params string[] arguments) => BuildSh(new Dictionary<string, string?>(), arguments);

    public ToolResult BuildSh(IReadOnlyDictionary<string, string?> more, params string[] arguments) =>
        Run(new ToolInvocation(Path.Combine(root, "build.sh"), ["--no-logo", .. arguments]), more);

    private ToolResult Run(ToolInvocation invocation, IReadOnlyDictionary<string, string?> more)
    {
        var configured = invocation with { WorkingDirectory = root, LogOutput = false, Timeout = TimeSpan.FromMinutes(10) };
        foreach (var (name, value) in environment.Concat(more))
        {
            configured = configured.WithEnvironment(name, value);
        }

        var result = ToolRunner.Run(configured);
        Assert.That(result.ExitCode, Is.EqualTo(0), $"{configured.Render()} exited {result.ExitCode} in {root}:\n{result.StandardOutput}\n{result.StandardError}");
        return result;
    }
}
