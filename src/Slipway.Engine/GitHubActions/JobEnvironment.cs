using System.Reflection;
using System.Text.RegularExpressions;
using Slipway.Engine.Parameters;

namespace Slipway.Engine.GitHubActions;

/// <summary>
/// The step environment of one job, from the parameters its targets use: a parameter declared on a target's component
/// (or on one that component extends, or on the build class for the build's own targets) is used by that target. Each
/// used parameter that names its CI source (<see cref="GitHubActionsSecretAttribute"/>, <see cref="GitHubActionsVariableAttribute"/>)
/// is bound once, under its own environment variable; the job's <see cref="GitHubActionsJobAttribute.Secrets"/> and
/// <see cref="GitHubActionsJobAttribute.Variables"/> override sources by parameter name (<c>nameof</c>), and a name that
/// binds to no parameter of the job is refused, so a typo cannot bind nothing silently.
/// </summary>
internal static partial class JobEnvironment
{
    public static (IReadOnlyList<EnvironmentBinding> Secrets, IReadOnlyList<EnvironmentBinding> Variables) Plan(
        IReadOnlyCollection<ExecutableTarget> runs,
        IReadOnlyList<ParameterDescriptor> parameters,
        GitHubActionsJobAttribute? declaration,
        IReadOnlyList<WorkflowInput> inputs,
        string context)
    {
        // Inputs set their own variable from the workflow's inputs.
        var used = parameters.Where(p => runs.Any(t => Uses(t, p)) && !inputs.Any(i => i.Parameter == p)).ToList();
        var bindings = new Dictionary<ParameterDescriptor, (bool IsSecret, EnvironmentBinding Binding)>();
        foreach (var parameter in used)
        {
            if (Declared(parameter, context) is { } declared)
            {
                bindings[parameter] = declared;
            }
        }

        foreach (var (entries, isSecret) in new[] { (declaration?.Secrets ?? [], true), (declaration?.Variables ?? [], false) })
        {
            foreach (var entry in entries)
            {
                var (parameter, binding) = Override(entry, isSecret, used, context);
                bindings[parameter] = (isSecret, binding);
            }
        }

        var ordered = parameters.Where(bindings.ContainsKey).Select(p => bindings[p]).ToList();
        return ([.. ordered.Where(b => b.IsSecret).Select(b => b.Binding)], [.. ordered.Where(b => !b.IsSecret).Select(b => b.Binding)]);
    }

    /// <summary>
    /// A parameter of a component is used by the component's targets and those of components extending it; one of the
    /// build class (or a class it derives from, or derives it) by the class's own targets, which may all read it.
    /// </summary>
    public static bool Uses(ExecutableTarget target, ParameterDescriptor parameter) =>
        parameter.Member.DeclaringType is { } declaring
        && target.DeclaringTypes.Any(t => declaring.IsInterface
            ? t.IsInterface && declaring.IsAssignableFrom(t)
            : !t.IsInterface && (declaring.IsAssignableFrom(t) || t.IsAssignableFrom(declaring)));

    private static (bool IsSecret, EnvironmentBinding Binding)? Declared(ParameterDescriptor parameter, string context)
    {
        var where = $"{context}: parameter {parameter.DeclaringTypeName}.{parameter.Member.Name}";
        var secret = parameter.Member.GetCustomAttribute<GitHubActionsSecretAttribute>(inherit: true);
        var variable = parameter.Member.GetCustomAttribute<GitHubActionsVariableAttribute>(inherit: true);
        if (secret is not null && variable is not null)
        {
            throw new BuildDefinitionException($"{where} has both [GitHubActionsSecret] and [GitHubActionsVariable]: a value comes from one place.");
        }

        if (secret is not null)
        {
            if (!parameter.IsSecret)
            {
                throw new BuildDefinitionException($"{where} comes from a GitHub secret, so it must be [Secret] too (masked in every log).");
            }

            var names = secret.Names.Length == 0 ? [parameter.EnvironmentVariableName] : secret.Names;
            return (true, new EnvironmentBinding(Variable(parameter, names), [.. names.Select(n => Source(n, "secrets", where))]));
        }

        if (variable is not null)
        {
            var sources = new List<string> { Source(variable.Name ?? parameter.EnvironmentVariableName, "vars", where) };
            if (variable.Default is { } fallback)
            {
                sources.Add(Fallback(fallback, where));
            }

            return (false, Refuse(parameter, new EnvironmentBinding(Variable(parameter, [variable.Name ?? string.Empty]), sources), isSecret: false, where));
        }

        return null;
    }

    /// <summary>An override: <c>"Parameter"</c> (from the secret or variable named like its variable) or <c>"Parameter=SOURCE || FALLBACK"</c>.</summary>
    private static (ParameterDescriptor Parameter, EnvironmentBinding Binding) Override(string entry, bool isSecret, List<ParameterDescriptor> used, string context)
    {
        var property = isSecret ? nameof(GitHubActionsJobAttribute.Secrets) : nameof(GitHubActionsJobAttribute.Variables);
        var parts = (entry ?? string.Empty).Split('=', 2, StringSplitOptions.TrimEntries);
        var name = parts[0];
        var parameter = used.FirstOrDefault(p => Same(p.Name, name)) ?? used.FirstOrDefault(p => Same(p.Member.Name, name))
            ?? throw new BuildDefinitionException(
                $"{context}: {property} names '{name}', which is no parameter of this job's targets. Key an entry by the parameter it feeds " +
                $"(nameof(...), optionally =SOURCE || FALLBACK); this job's parameters: {(used.Count == 0 ? "none" : string.Join(", ", used.Select(p => p.Name)))}.");
        var where = $"{context}: {property} entry '{entry}'";
        var contextName = isSecret ? "secrets" : "vars";
        var sources = parts.Length == 1
            ? [Source(parameter.EnvironmentVariableName, contextName, where)]
            : parts[1].Split("||", StringSplitOptions.TrimEntries).Select(s => !isSecret && !Identifier().IsMatch(s) ? Fallback(s, where) : Source(s, contextName, where)).ToList();
        var names = parts.Length == 1 ? [] : parts[1].Split("||", StringSplitOptions.TrimEntries);
        return (parameter, Refuse(parameter, new EnvironmentBinding(Variable(parameter, names), sources), isSecret, where));
    }

    /// <summary>
    /// The step variable: the parameter's UPPER_SNAKE name, or a source's own name when that spells the parameter too —
    /// GITHUB_TOKEN for GitHubToken, which the binder reads as well and every tool knows (the generic split gives GIT_HUB_TOKEN).
    /// </summary>
    private static string Variable(ParameterDescriptor parameter, IEnumerable<string> sourceNames) =>
        sourceNames.FirstOrDefault(n => Identifier().IsMatch(n)
            && string.Equals(n.Replace("_", string.Empty, StringComparison.Ordinal), parameter.Name, StringComparison.OrdinalIgnoreCase))
        ?? parameter.EnvironmentVariableName;

    private static EnvironmentBinding Refuse(ParameterDescriptor parameter, EnvironmentBinding binding, bool isSecret, string where) =>
        parameter.IsSecret && !isSecret
            ? throw new BuildDefinitionException($"{where}: {parameter.Name} is a [Secret] parameter; it can come from secrets only (Secrets = [...]).")
            : binding;

    private static string Source(string name, string contextName, string where)
    {
        if (!Identifier().IsMatch(name))
        {
            throw new BuildDefinitionException($"{where}: '{name}' is not a {contextName} name (letters, digits and '_').");
        }

        if (name.StartsWith("GITHUB_", StringComparison.OrdinalIgnoreCase) && !(contextName == "secrets" && name == "GITHUB_TOKEN"))
        {
            throw new BuildDefinitionException($"{where}: '{name}' cannot be a {contextName} name: GitHub reserves the GITHUB_ prefix (GITHUB_TOKEN is the one secret).");
        }

        return $"{contextName}.{name}";
    }

    private static string Fallback(string text, string where) =>
        GitHubProperty().IsMatch(text) || Literal().IsMatch(text)
            ? text
            : throw new BuildDefinitionException($"{where}: the fallback '{text}' must be a property of the github context (github.actor) or a 'quoted text'.");

    private static bool Same(string a, string b) => TargetGraph.NormalizeName(a) == TargetGraph.NormalizeName(b);

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();

    [GeneratedRegex("^github\\.[a-z_]+$")]
    private static partial Regex GitHubProperty();

    [GeneratedRegex("^'[^']*'$")]
    private static partial Regex Literal();
}
