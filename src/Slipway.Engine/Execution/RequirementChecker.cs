using Slipway.Engine.Parameters;
using Slipway.Engine.Planning;

namespace Slipway.Engine.Execution;

/// <summary>Checks every planned target's <c>Requires</c> before anything runs, so a missing value costs no work.</summary>
public static class RequirementChecker
{
    public static void Check(ExecutionPlan plan, IReadOnlyList<ParameterDescriptor> parameters)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(parameters);
        foreach (var target in plan.Targets.Where(t => t.Status != TargetStatus.Skipped))
        {
            foreach (var requirement in target.Requirements.Where(r => !r.IsSatisfied()))
            {
                var parameter = requirement.ParameterMember is { } member
                    ? parameters.FirstOrDefault(p => p.Member.Name == member || p.Name == member)
                    : null;
                throw new BuildDefinitionException(parameter switch
                {
                    null => $"Target {target.Name} requires '{requirement.Text}', which is not met.",
                    { IsSecret: true } =>
                        $"Target {target.Name} requires secret parameter {parameter.Name}. Set environment variable " +
                        $"{parameter.EnvironmentVariableName}, or {parameter.EnvironmentVariableName}{ParameterBinder.FileSuffix} to the path of a file holding it.",
                    _ => $"Target {target.Name} requires parameter {parameter.Name}. Supply it as {parameter.OptionName} <value>, " +
                         $"as environment variable {parameter.EnvironmentVariableName}, or as \"{parameter.Name}\" in .nuke/parameters.json.",
                });
            }
        }
    }
}
