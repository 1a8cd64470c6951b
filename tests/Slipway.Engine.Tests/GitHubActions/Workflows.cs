using System.Runtime.CompilerServices;
using Slipway.Engine.GitHubActions;
using Slipway.Engine.Parameters;

namespace Slipway.Engine.Tests.GitHubActions;

/// <summary>Generates a test build's workflows in memory, and finds the folders the workflow tests read.</summary>
internal static class Workflows
{
    public static IReadOnlyList<GeneratedWorkflow> Generate<TBuild>()
        where TBuild : SlipwayBuild, new() =>
        WorkflowGenerator.Generate(typeof(TBuild), TargetGraph.Create(new TBuild()), ParameterBinder.Discover(typeof(TBuild)));

    public static IReadOnlyList<GeneratedWorkflow> Generate(Type buildType)
    {
        ArgumentNullException.ThrowIfNull(buildType);
        var build = (SlipwayBuild)Activator.CreateInstance(buildType, nonPublic: true)!;
        return WorkflowGenerator.Generate(buildType, TargetGraph.Create(build), ParameterBinder.Discover(buildType));
    }

    public static string Content<TBuild>(string name)
        where TBuild : SlipwayBuild, new() =>
        Generate<TBuild>().Single(w => w.RelativePath == $".github/workflows/{name}.yml").Content;

    public static IReadOnlyList<WorkflowPlan> Plan<TBuild>()
        where TBuild : SlipwayBuild, new() =>
        WorkflowPlanner.Plan(typeof(TBuild), TargetGraph.Create(new TBuild()), ParameterBinder.Discover(typeof(TBuild)));

    public static WorkflowPlan Plan<TBuild>(string name)
        where TBuild : SlipwayBuild, new() => Plan<TBuild>().Single(p => p.Name == name);

    /// <summary>The repository this test file belongs to (the folder with Slipway.slnx).</summary>
    public static string RepositoryRoot([CallerFilePath] string callerFile = "")
    {
        for (var directory = Path.GetDirectoryName(callerFile); directory is not null; directory = Path.GetDirectoryName(directory))
        {
            if (File.Exists(Path.Combine(directory, "Slipway.slnx")))
            {
                return directory;
            }
        }

        throw new InvalidOperationException($"No repository root above {callerFile}.");
    }

    public static string GoldenDirectory => Path.Combine(RepositoryRoot(), "tests", "Slipway.Engine.Tests", "Golden", "workflows");

    public static string CommittedDirectory => Path.Combine(RepositoryRoot(), ".github", "workflows");

    public static readonly string[] Names = ["ci", "delivery", "release", "rollback", "security"];
}
