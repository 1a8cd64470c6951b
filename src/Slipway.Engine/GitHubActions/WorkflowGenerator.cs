using Slipway.Engine.IO;
using Slipway.Engine.Parameters;

namespace Slipway.Engine.GitHubActions;

/// <summary>
/// The workflows a build class declares with <see cref="GitHubActionsAttribute"/>, rendered as committed files, and
/// (<see cref="GenerateFiles"/>) the other files generated with them.
/// </summary>
public static class WorkflowGenerator
{
    public const string WorkflowsFolder = ".github/workflows";

    public static IReadOnlyList<GeneratedWorkflow> Generate(Type buildType, TargetGraph graph, IReadOnlyList<ParameterDescriptor> parameters)
    {
        ArgumentNullException.ThrowIfNull(buildType);
        return [.. WorkflowPlanner.Plan(buildType, graph, parameters)
            .Select(plan => new GeneratedWorkflow($"{WorkflowsFolder}/{plan.Name}.yml", WorkflowRenderer.Render(plan, buildType.Name)))];
    }

    /// <summary>Everything <c>--generate-workflows</c> writes and the drift check compares: the workflows and <c>.github/dependabot.yml</c>.</summary>
    public static IReadOnlyList<GeneratedWorkflow> GenerateFiles(Type buildType, TargetGraph graph, IReadOnlyList<ParameterDescriptor> parameters, AbsolutePath root) =>
        [.. Generate(buildType, graph, parameters), .. DependabotGenerator.Generate(buildType, root)];
}
