using Slipway.Engine.Parameters;

namespace Slipway.Engine.GitHubActions;

/// <summary>The workflows a build class declares with <see cref="GitHubActionsAttribute"/>, rendered as committed files.</summary>
public static class WorkflowGenerator
{
    public const string WorkflowsFolder = ".github/workflows";

    public static IReadOnlyList<GeneratedWorkflow> Generate(Type buildType, TargetGraph graph, IReadOnlyList<ParameterDescriptor> parameters)
    {
        ArgumentNullException.ThrowIfNull(buildType);
        return [.. WorkflowPlanner.Plan(buildType, graph, parameters)
            .Select(plan => new GeneratedWorkflow($"{WorkflowsFolder}/{plan.Name}.yml", WorkflowRenderer.Render(plan, buildType.Name)))];
    }
}
