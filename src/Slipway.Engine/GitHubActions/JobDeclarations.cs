using System.Reflection;

namespace Slipway.Engine.GitHubActions;

/// <summary>
/// Every <see cref="GitHubActionsJobAttribute"/> of a build, resolved to its target. Precedence, when a target has
/// several: one for the workflow at hand over one for every workflow; then the build class's own attribute over one on a
/// target property of the class, over one on a component's target property (the build can override its components).
/// </summary>
internal sealed class JobDeclarations
{
    private const BindingFlags Members = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    private readonly List<Declaration> declarations;

    private JobDeclarations(List<Declaration> declarations)
    {
        this.declarations = declarations;
    }

    private sealed record Declaration(ExecutableTarget Target, GitHubActionsJobAttribute Attribute, int Rank, string Source);

    public IEnumerable<string> Workflows => declarations.Select(d => d.Attribute.Workflow).OfType<string>().Distinct(StringComparer.Ordinal);

    public static JobDeclarations Discover(Type buildType, TargetGraph graph)
    {
        ArgumentNullException.ThrowIfNull(buildType);
        ArgumentNullException.ThrowIfNull(graph);
        var found = new List<Declaration>();
        foreach (var attribute in buildType.GetCustomAttributes<GitHubActionsJobAttribute>(inherit: true))
        {
            var name = attribute.Target ?? throw new BuildDefinitionException(
                $"[GitHubActionsJob] on {buildType.Name} must name its target: [GitHubActionsJob(nameof(Push), ...)].");
            var target = graph.Find(name) ?? throw new BuildDefinitionException(
                $"[GitHubActionsJob(\"{name}\")] on {buildType.Name}: no such target. Known targets: {string.Join(", ", graph.Targets.Select(t => t.Name))}.");
            found.Add(new Declaration(target, attribute, 0, buildType.Name));
        }

        for (var type = buildType; type is not null && type != typeof(object); type = type.BaseType)
        {
            found.AddRange(OnProperties(type, graph, rank: 1));
        }

        foreach (var component in buildType.GetInterfaces())
        {
            found.AddRange(OnProperties(component, graph, rank: 2));
        }

        return new JobDeclarations(found);
    }

    /// <summary>The declaration that applies to <paramref name="target"/> in <paramref name="workflow"/>, if any.</summary>
    public GitHubActionsJobAttribute? For(ExecutableTarget target, string workflow)
    {
        var candidates = declarations.Where(d => d.Target == target).ToList();
        var specific = candidates.Where(d => d.Attribute.Workflow == workflow).ToList();
        var chosen = specific.Count > 0 ? specific : candidates.Where(d => d.Attribute.Workflow is null).ToList();
        if (chosen.Count == 0)
        {
            return null;
        }

        var best = chosen.Where(d => d.Rank == chosen.Min(c => c.Rank)).ToList();
        return best.Count == 1
            ? best[0].Attribute
            : throw new BuildDefinitionException(
                $"Target {target.Name} has {best.Count} [GitHubActionsJob] declarations{(specific.Count > 0 ? $" for workflow '{workflow}'" : string.Empty)} " +
                $"on {string.Join(" and ", best.Select(d => d.Source).Distinct(StringComparer.Ordinal))}: merge them into one.");
    }

    private static IEnumerable<Declaration> OnProperties(Type type, TargetGraph graph, int rank)
    {
        foreach (var property in type.GetProperties(Members).Where(p => p.PropertyType == typeof(Target)))
        {
            foreach (var attribute in property.GetCustomAttributes<GitHubActionsJobAttribute>(inherit: true))
            {
                if (attribute.Target is not null && TargetGraph.NormalizeName(attribute.Target) != TargetGraph.NormalizeName(property.Name))
                {
                    throw new BuildDefinitionException(
                        $"[GitHubActionsJob(\"{attribute.Target}\")] on {type.Name}.{property.Name} names another target: on a target property, leave the name out.");
                }

                var target = graph.Find(property.Name)
                    ?? throw new BuildDefinitionException($"[GitHubActionsJob] on {type.Name}.{property.Name}: the property is not a target of this build.");
                yield return new Declaration(target, attribute, rank, $"{type.Name}.{property.Name}");
            }
        }
    }
}
