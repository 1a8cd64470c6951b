using System.Reflection;
using System.Text.RegularExpressions;
using Slipway.Engine.Parameters;

namespace Slipway.Engine.GitHubActions;

/// <summary>
/// Works out each workflow from its <see cref="GitHubActionsAttribute"/> and the target graph: which targets get a job,
/// what each job needs and skips, which artifacts travel between jobs, which inputs the workflow asks for, and what each
/// job may do. Pure: reads the build's attributes and graph, writes nothing.
/// </summary>
internal static partial class WorkflowPlanner
{
    public static IReadOnlyList<WorkflowPlan> Plan(Type buildType, TargetGraph graph, IReadOnlyList<ParameterDescriptor> parameters)
    {
        ArgumentNullException.ThrowIfNull(buildType);
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(parameters);
        var definitions = buildType.GetCustomAttributes<GitHubActionsAttribute>(inherit: true).ToList();
        foreach (var duplicate in definitions.GroupBy(d => d.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            throw new BuildDefinitionException($"Workflow '{duplicate.Key}' is declared {duplicate.Count()} times on {buildType.Name}: workflow names must be unique.");
        }

        var declarations = JobDeclarations.Discover(buildType, graph);
        foreach (var unknown in declarations.Workflows.Where(w => !definitions.Any(d => d.Name == w)))
        {
            throw new BuildDefinitionException(
                $"A [GitHubActionsJob] declaration is for workflow '{unknown}', which {buildType.Name} does not declare. Workflows: {string.Join(", ", definitions.Select(d => d.Name))}.");
        }

        var pins = ActionPinSet.For(buildType);
        return [.. definitions.OrderBy(d => d.Name, StringComparer.Ordinal).Select(d => PlanWorkflow(d, graph, parameters, declarations) with { Pins = pins })];
    }

    private static WorkflowPlan PlanWorkflow(GitHubActionsAttribute definition, TargetGraph graph, IReadOnlyList<ParameterDescriptor> parameters, JobDeclarations declarations)
    {
        var context = $"[GitHubActions(\"{definition.Name}\")]";
        CheckDefinition(definition, context);
        var invoked = Resolve(graph, definition.InvokedTargets, context, nameof(GitHubActionsAttribute.InvokedTargets));
        if (invoked.Count == 0)
        {
            throw new BuildDefinitionException($"{context} invokes no target: set InvokedTargets = [nameof(SomeTarget)].");
        }

        var skipped = Resolve(graph, definition.SkipTargets, context, nameof(GitHubActionsAttribute.SkipTargets)).ToHashSet();
        if (invoked.FirstOrDefault(skipped.Contains) is { } both)
        {
            throw new BuildDefinitionException($"{context} both invokes and skips {both.Name}.");
        }

        // Targets the workflow runs somewhere: everything the invoked targets lead to, except what it trusts to another workflow.
        var needed = Closure(invoked, t => Next(t).Where(n => !skipped.Contains(n)));
        var jobTargets = needed
            .Where(t => invoked.Contains(t) || declarations.For(t, definition.Name) is not null)
            .OrderBy(t => t.DeclarationIndex)
            .ToList();
        var jobTargetSet = jobTargets.ToHashSet();
        var inputs = PlanInputs(definition, parameters, [.. needed.OrderBy(t => t.DeclarationIndex)], context);
        if (definition.OnWorkflowDispatchAction)
        {
            var environmentParameters = jobTargets.Select(t => declarations.For(t, definition.Name)?.EnvironmentParameter).OfType<string>();
            inputs = OptionalUnlessEveryActionRequires(definition, inputs, invoked, environmentParameters);
        }

        var uploads = new Dictionary<ExecutableTarget, List<ArtifactTransfer>>();
        var artifactNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var target in jobTargets)
        {
            uploads[target] = [.. target.Produces.Select(path => Transfer(target, path, artifactNames, context))];
        }

        var jobs = new List<JobPlan>();
        foreach (var target in jobTargets)
        {
            var plan = Closure([target], Next);
            var runs = Closure([target], t => Next(t).Where(n => !skipped.Contains(n) && !jobTargetSet.Contains(n)));
            var done = plan.Except(runs).ToHashSet();

            // The engine also skips a dependency that only skipped targets need, so naming the frontier is enough.
            var skip = done.Where(d => runs.Any(r => Next(r).Contains(d))).OrderBy(t => t.DeclarationIndex).ToList();
            var needs = skip.Where(jobTargetSet.Contains).ToList();
            var downloads = new List<ArtifactTransfer>();
            foreach (var (consumer, consumed) in runs.SelectMany(r => r.Consumes.Select(c => (r, c))).Where(x => !runs.Contains(x.c)))
            {
                if (!jobTargetSet.Contains(consumed))
                {
                    throw new BuildDefinitionException(
                        $"{context}: {consumer.Name} consumes {consumed.Name}, but no job of this workflow runs {consumed.Name}" +
                        (skipped.Contains(consumed) ? " (it is in SkipTargets, so its artifacts are not available here)." : ". Invoke it, or give it a [GitHubActionsJob] declaration."));
                }

                needs.Add(consumed);
                downloads.AddRange(uploads[consumed].Where(u => !downloads.Contains(u)));
            }

            var id = JobId(target);
            var declaration = declarations.For(target, definition.Name);
            needs.AddRange(DeclaredNeeds(declaration, graph, jobTargetSet, $"{context} job {id}"));
            var settings = PlanSettings(declaration, definition, inputs, runs, parameters, $"{context} job {id}");
            jobs.Add(new JobPlan(
                id,
                target,
                [.. needs.Distinct().OrderBy(t => t.DeclarationIndex).Select(JobId)],
                skip,
                [.. Planning.ExecutionPlanner.Order(runs)],
                downloads,
                uploads[target],
                settings)
            {
                Reports = [.. target.Reports.Select(path => Transfer(target, path, artifactNames, context))],
            });
        }

        var expanded = JobInstances.Expand(jobs, t => declarations.For(t, definition.Name), parameters, context);
        ActionChoice? choice = null;
        if (definition.OnWorkflowDispatchAction)
        {
            // Unless listed, each invoked target is an option that runs its job and the jobs it needs.
            choice = ActionChoice.Create(definition, definition.ActionOptions.Length == 0
                ? [.. invoked.Select(i => new KeyValuePair<string, IReadOnlySet<ExecutableTarget>>(JobId(i), Closure([i], Next)))]
                : ActionChoice.ParseOptions(definition, jobTargetSet, name => Resolve(graph, [name], context, nameof(GitHubActionsAttribute.ActionOptions)).Single(), context), context);
            expanded = choice.Apply(expanded, context);
        }

        CheckInputNames(inputs, choice, context);
        return new WorkflowPlan(definition, inputs, definition.OnFailureTarget is null
            ? expanded
            : [.. expanded, FailureJob(definition, graph, expanded, inputs, parameters, declarations, context)])
        {
            Choice = choice,
        };
    }

    /// <summary>GitHub refuses a <c>workflow_dispatch</c> with more than ten inputs, and the choice's name is taken.</summary>
    private static void CheckInputNames(List<WorkflowInput> inputs, ActionChoice? choice, string context)
    {
        if (choice is not null && inputs.FirstOrDefault(i => string.Equals(i.Name, choice.Input, StringComparison.OrdinalIgnoreCase)) is { } clash)
        {
            throw new BuildDefinitionException($"{context}: the input '{clash.Name}' (parameter {clash.Parameter.Name}) has the name of the action input: rename one (ActionInput, or \"other-name=Parameter\").");
        }

        var count = inputs.Count + (choice is null ? 0 : 1);
        if (count > MaxInputs)
        {
            throw new BuildDefinitionException(
                $"{context} has {count} workflow_dispatch inputs and GitHub allows {MaxInputs}: take some from repository or environment variables ([GitHubActionsVariable]) instead.");
        }
    }

    private const int MaxInputs = 10;

    /// <summary>The jobs a declaration's <see cref="GitHubActionsJobAttribute.Needs"/> names: each a target with a job in this workflow.</summary>
    private static IEnumerable<ExecutableTarget> DeclaredNeeds(GitHubActionsJobAttribute? declaration, TargetGraph graph, HashSet<ExecutableTarget> jobTargets, string context) =>
        Resolve(graph, declaration?.Needs ?? [], context, nameof(GitHubActionsJobAttribute.Needs)).Select(needed => jobTargets.Contains(needed)
            ? needed
            : throw new BuildDefinitionException($"{context}: Needs names {needed.Name}, which has no job in this workflow: invoke it, or give it a [GitHubActionsJob] declaration."));

    /// <summary>
    /// The form of an action workflow serves every action: a parameter one action's targets require (a rollback's
    /// environment) cannot be required of the others, so it is optional on the form and the chosen target's own
    /// requirement check names it when missing (exit 2). Inputs listed as required, and those naming a job's
    /// environment (which GitHub must know before the job starts), stay required.
    /// </summary>
    private static List<WorkflowInput> OptionalUnlessEveryActionRequires(
        GitHubActionsAttribute definition, List<WorkflowInput> inputs, IReadOnlyList<ExecutableTarget> invoked, IEnumerable<string> environmentParameters)
    {
        var listed = definition.OnWorkflowDispatchRequiredInputs.Select(entry => entry.Split('=')[^1]).Concat(environmentParameters).ToHashSet(StringComparer.Ordinal);
        var requiredByEvery = invoked
            .Select(action => Closure([action], Next).SelectMany(t => t.Requirements).Select(r => r.ParameterMember).OfType<string>().ToHashSet(StringComparer.Ordinal))
            .Aggregate((every, next) => every.Intersect(next, StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal));
        return [.. inputs.Select(input => input.Required && !listed.Contains(input.Parameter.Member.Name) && !requiredByEvery.Contains(input.Parameter.Member.Name)
            ? input with { Required = false }
            : input)];
    }

    /// <summary>
    /// The job that runs <see cref="GitHubActionsAttribute.OnFailureTarget"/> after every other job, only when one of
    /// them failed on the default branch (a scheduled run is always on it): pull requests and feature branches fail
    /// in front of their authors already.
    /// </summary>
    private static JobPlan FailureJob(
        GitHubActionsAttribute definition, TargetGraph graph, IReadOnlyList<JobPlan> jobs, IReadOnlyList<WorkflowInput> inputs,
        IReadOnlyList<ParameterDescriptor> parameters, JobDeclarations declarations, string context)
    {
        var target = Resolve(graph, [definition.OnFailureTarget!], context, nameof(GitHubActionsAttribute.OnFailureTarget)).Single();
        if (jobs.Any(j => j.Target == target))
        {
            throw new BuildDefinitionException($"{context}: {target.Name} is the OnFailureTarget, so it cannot also be one of the workflow's jobs.");
        }

        if (target.DependsOn.Count > 0)
        {
            throw new BuildDefinitionException($"{context}: the OnFailureTarget {target.Name} depends on other targets; it runs after a failure, so it must stand alone.");
        }

        var id = JobId(target);
        var settings = PlanSettings(declarations.For(target, definition.Name), definition, inputs, [target], parameters, $"{context} job {id}");
        return new JobPlan(id, target, [.. jobs.Select(j => j.Id)], [], [target], [], [], settings with
        {
            Condition = "failure() && (github.event_name == 'schedule' || github.ref_name == github.event.repository.default_branch)",
        })
        {
            IsFailureJob = true,
        };
    }

    public static string JobId(ExecutableTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return ParameterDescriptor.ToKebabCase(target.Name);
    }

    private static IEnumerable<ExecutableTarget> Next(ExecutableTarget target) => target.DependsOn.Concat(target.Triggers);

    private static HashSet<ExecutableTarget> Closure(IEnumerable<ExecutableTarget> start, Func<ExecutableTarget, IEnumerable<ExecutableTarget>> next)
    {
        var seen = new HashSet<ExecutableTarget>();
        var queue = new Queue<ExecutableTarget>(start);
        while (queue.TryDequeue(out var target))
        {
            if (seen.Add(target))
            {
                foreach (var n in next(target))
                {
                    queue.Enqueue(n);
                }
            }
        }

        return seen;
    }

    private static List<ExecutableTarget> Resolve(TargetGraph graph, string[] names, string context, string property) =>
        [.. names.Select(name => graph.Find(name) ?? throw new BuildDefinitionException(
            $"{context} {property} names '{name}', which is not a target. Known targets: {string.Join(", ", graph.Targets.Where(t => t.IsListed).Select(t => t.Name))}."))
            .Distinct()];

    private static void CheckDefinition(GitHubActionsAttribute definition, string context)
    {
        if (!WorkflowName().IsMatch(definition.Name))
        {
            throw new BuildDefinitionException($"{context}: a workflow name is its file name: lower-case letters, digits, '-' and '_'.");
        }

        var hasTrigger = definition.OnPushBranches.Length + definition.OnPushTags.Length + definition.OnPullRequestBranches.Length > 0
            || definition.OnCronSchedule is not null || definition.OnWorkflowDispatch || definition.OnWorkflowDispatchAction
            || definition.OnWorkflowDispatchRequiredInputs.Length + definition.OnWorkflowDispatchOptionalInputs.Length > 0;
        if (!hasTrigger)
        {
            throw new BuildDefinitionException($"{context} has no trigger: set OnPushBranches, OnPushTags, OnPullRequestBranches, OnCronSchedule or OnWorkflowDispatch.");
        }

        var runsWithoutInputs = definition.OnPushBranches.Length + definition.OnPushTags.Length + definition.OnPullRequestBranches.Length > 0 || definition.OnCronSchedule is not null;
        if (definition.OnWorkflowDispatchAction && runsWithoutInputs && definition.ActionDefault is null)
        {
            throw new BuildDefinitionException(
                $"{context}: OnWorkflowDispatchAction makes a workflow that people start by choosing an action; give it no push, pull-request or schedule trigger, " +
                "or set ActionDefault to the option such a run (which has no inputs) takes.");
        }

        if (!definition.OnWorkflowDispatchAction && (definition.ActionOptions.Length > 0 || definition.ActionDefault is not null || definition.ActionInput != "action"))
        {
            throw new BuildDefinitionException($"{context}: ActionInput, ActionOptions and ActionDefault shape the action input: set OnWorkflowDispatchAction = true too.");
        }

        if (definition.OnCronSchedule is { } cron && cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length != 5)
        {
            throw new BuildDefinitionException($"{context}: OnCronSchedule '{cron}' must have five fields (minute hour day month weekday), e.g. \"17 3 * * *\".");
        }

        if (definition.TimeoutMinutes <= 0 || definition.FetchDepth < 0)
        {
            throw new BuildDefinitionException($"{context}: TimeoutMinutes must be positive and FetchDepth zero (whole history) or positive.");
        }

        foreach (var pattern in definition.OnPushBranches.Concat(definition.OnPushTags).Concat(definition.OnPullRequestBranches))
        {
            if (string.IsNullOrWhiteSpace(pattern) || pattern.Trim() != pattern)
            {
                throw new BuildDefinitionException($"{context}: '{pattern}' is not a branch or tag pattern.");
            }
        }
    }

    private static List<WorkflowInput> PlanInputs(GitHubActionsAttribute definition, IReadOnlyList<ParameterDescriptor> parameters, List<ExecutableTarget> targets, string context)
    {
        var aliases = new Dictionary<ParameterDescriptor, string?>();
        List<ParameterDescriptor> Listed(string[] entries, string property)
        {
            var listed = new List<ParameterDescriptor>();
            foreach (var entry in entries)
            {
                var (parameter, alias) = InputEntry(entry, parameters, $"{context} {property}");
                if (aliases.TryGetValue(parameter, out var earlier) && earlier != alias)
                {
                    throw new BuildDefinitionException(
                        $"{context}: parameter {parameter.Name} is listed as input '{earlier ?? parameter.OptionName[2..]}' and as input '{alias ?? parameter.OptionName[2..]}': give it one name.");
                }

                aliases[parameter] = alias;
                listed.Add(parameter);
            }

            return listed;
        }

        var required = Listed(definition.OnWorkflowDispatchRequiredInputs, nameof(GitHubActionsAttribute.OnWorkflowDispatchRequiredInputs));
        var optional = Listed(definition.OnWorkflowDispatchOptionalInputs, nameof(GitHubActionsAttribute.OnWorkflowDispatchOptionalInputs));
        var dispatchable = definition.OnWorkflowDispatch || definition.OnWorkflowDispatchAction || required.Count + optional.Count > 0;
        if (dispatchable)
        {
            // What the workflow's targets Require must be asked for when the workflow is started by hand.
            var requirements = targets.SelectMany(t => t.Requirements).Select(r => r.ParameterMember).OfType<string>();
            required.AddRange(requirements.Select(member => parameters.FirstOrDefault(p => p.Member.Name == member)).OfType<ParameterDescriptor>());
        }

        WorkflowInput Input(ParameterDescriptor parameter, bool isRequired) => new(parameter, isRequired, aliases.GetValueOrDefault(parameter));
        var inputs = required.Distinct().Select(p => Input(p, isRequired: true)).ToList();
        inputs.AddRange(optional.Distinct().Where(p => !required.Contains(p)).Select(p => Input(p, isRequired: false)));
        if (inputs.FirstOrDefault(i => i.Parameter.IsSecret) is { } secret)
        {
            throw new BuildDefinitionException(
                $"{context}: parameter {secret.Parameter.Name} is a secret and cannot be a workflow input (inputs are visible in the run's page); give it [GitHubActionsSecret] on its declaration, or an entry in [GitHubActionsJob(Secrets = [...])].");
        }

        if (inputs.GroupBy(i => i.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } clash)
        {
            throw new BuildDefinitionException(
                $"{context}: two inputs are named '{clash.Key}' (parameters {string.Join(" and ", clash.Select(i => i.Parameter.Name))}): rename one with \"other-name=Parameter\".");
        }

        return inputs;
    }

    /// <summary>An input entry: <c>"Version"</c> (the input is named after the parameter) or <c>"version=To"</c> (input <c>version</c> fills <c>--to</c>).</summary>
    private static (ParameterDescriptor Parameter, string? Alias) InputEntry(string entry, IReadOnlyList<ParameterDescriptor> parameters, string where)
    {
        var parts = (entry ?? string.Empty).Split('=');
        var alias = parts.Length == 2 ? parts[0].Trim() : null;
        var name = parts[^1].Trim();
        if (parts.Length > 2 || name.Length == 0 || (alias is not null && !InputName().IsMatch(alias)))
        {
            throw new BuildDefinitionException(
                $"{where}: '{entry}' is not PARAMETER or INPUT=PARAMETER (e.g. nameof(Version), or \"version=\" + nameof(RollbackTo)); " +
                "an input name starts with a letter or '_' and has only letters, digits, '-' and '_'.");
        }

        var parameter = parameters.FirstOrDefault(p => Same(p.Name, name)) ?? parameters.FirstOrDefault(p => Same(p.Member.Name, name))
            ?? throw new BuildDefinitionException(
                $"{where} names '{name}', which is not a parameter. Parameters: {string.Join(", ", parameters.Select(p => p.Name))}.");
        return (parameter, alias is null || alias == parameter.OptionName[2..] ? null : alias);
    }

    private static JobSettings PlanSettings(
        GitHubActionsJobAttribute? declaration,
        GitHubActionsAttribute definition,
        IReadOnlyList<WorkflowInput> inputs,
        IReadOnlyCollection<ExecutableTarget> runs,
        IReadOnlyList<ParameterDescriptor> parameters,
        string context)
    {
        var permissions = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["contents"] = "read" };
        void Grant(string scope, string level)
        {
            if (!permissions.TryGetValue(scope, out var current) || current == "read")
            {
                permissions[scope] = level;
            }
        }

        var (secrets, variables) = JobEnvironment.Plan(runs, parameters, declaration, inputs, context);
        var names = secrets.Concat(variables).Select(b => b.Variable).Concat(inputs.Select(i => i.VariableName)).ToList();
        if (names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } clash)
        {
            throw new BuildDefinitionException($"{context}: the variable {clash.Key} is set more than once (secrets, variables and inputs share one environment).");
        }

        if (declaration is null)
        {
            return new JobSettings([.. permissions], secrets, variables, null, null, null, null, null, definition.TimeoutMinutes, []);
        }

        foreach (var permission in declaration.Permissions.Distinct())
        {
            var (scope, level) = Scope(permission);
            Grant(scope, level);
        }

        if (declaration.CodeScanningResults is not null)
        {
            // upload-sarif needs security-events: write, and actions: read to find the run in private repositories.
            Grant("security-events", "write");
            Grant("actions", "read");
        }

        var (environment, url, concurrency) = DeploymentEnvironment(declaration, inputs, context);
        var timeout = declaration.TimeoutMinutes > 0 ? declaration.TimeoutMinutes : definition.TimeoutMinutes;
        if (declaration.TimeoutMinutes < 0)
        {
            throw new BuildDefinitionException($"{context}: TimeoutMinutes must be positive.");
        }

        return new JobSettings(
            [.. permissions], secrets, variables, environment, url, concurrency,
            Condition(declaration, context), declaration.CodeScanningResults, timeout,
            [.. declaration.SetupSteps.Distinct().Select(setup => SetupStep.For(setup, context))]);
    }

    private static (string Scope, string Level) Scope(GitHubTokenAccess permission)
    {
        var name = permission.ToString();
        var level = name.EndsWith("Write", StringComparison.Ordinal) ? "write" : "read";
        return (ParameterDescriptor.ToKebabCase(name[..^(level.Length)]), level);
    }

    private static (string? Name, string? Url, string? Concurrency) DeploymentEnvironment(GitHubActionsJobAttribute declaration, IReadOnlyList<WorkflowInput> inputs, string context)
    {
        if (declaration.Environment is not null && declaration.EnvironmentParameter is not null)
        {
            throw new BuildDefinitionException($"{context}: set Environment or EnvironmentParameter, not both.");
        }

        if (declaration.Environment is { } name)
        {
            if (!EnvironmentName().IsMatch(name))
            {
                throw new BuildDefinitionException($"{context}: '{name}' is not an environment name (letters, digits, '-' and '_').");
            }

            return (name, declaration.EnvironmentUrl ?? $"${{{{ vars.{ParameterDescriptor.ToUpperSnakeCase(name).Replace('-', '_')}_URL }}}}", $"environment-{name}");
        }

        if (declaration.EnvironmentParameter is { } parameter)
        {
            var input = inputs.FirstOrDefault(i => Same(i.Parameter.Name, parameter) || Same(i.Parameter.Member.Name, parameter))
                ?? throw new BuildDefinitionException(
                    $"{context}: EnvironmentParameter '{parameter}' is not an input of this workflow; make the target Require it or list it in OnWorkflowDispatchRequiredInputs.");
            if (!input.Required)
            {
                throw new BuildDefinitionException($"{context}: EnvironmentParameter '{parameter}' must be a required input.");
            }

            var value = $"inputs.{input.Name}";
            return ($"${{{{ {value} }}}}", declaration.EnvironmentUrl ?? $"${{{{ vars[format('{{0}}_URL', {value})] }}}}", $"environment-${{{{ {value} }}}}");
        }

        return declaration.EnvironmentUrl is null
            ? (null, null, null)
            : throw new BuildDefinitionException($"{context}: EnvironmentUrl needs an Environment.");
    }

    private static string? Condition(GitHubActionsJobAttribute declaration, string context)
    {
        var tests = declaration.OnlyOnBranches.Select(b => RefTest("refs/heads/", b, context))
            .Concat(declaration.OnlyOnTags.Select(t => RefTest("refs/tags/", t, context)))
            .ToList();
        return tests.Count == 0 ? null : string.Join(" || ", tests);
    }

    private static string RefTest(string prefix, string pattern, string context)
    {
        var star = pattern.IndexOf('*', StringComparison.Ordinal);
        if (pattern.Length == 0 || pattern.IndexOfAny(['?', '[', ']', '!', '\'', ' ']) >= 0 || (star >= 0 && star != pattern.Length - 1))
        {
            throw new BuildDefinitionException(
                $"{context}: '{pattern}' is not supported in OnlyOnBranches/OnlyOnTags: use an exact name or a prefix ending in a single '*'.");
        }

        return star < 0
            ? $"github.ref == '{prefix}{pattern}'"
            : $"startsWith(github.ref, '{prefix}{pattern[..^1]}')";
    }

    private static ArtifactTransfer Transfer(ExecutableTarget producer, string path, HashSet<string> names, string context)
    {
        var normalized = path.Replace('\\', '/').TrimEnd('/');
        if (normalized.Length == 0 || normalized.StartsWith('/') || normalized.Split('/').Contains(".."))
        {
            throw new BuildDefinitionException($"{context}: {producer.Name} produces '{path}': artifacts are paths inside the repository.");
        }

        var segments = normalized.Split('/');
        var wildcard = Array.FindIndex(segments, s => s.IndexOfAny(['*', '?', '[']) >= 0);
        var download = wildcard >= 0
            ? string.Join('/', segments[..wildcard])
            : Path.HasExtension(segments[^1]) ? string.Join('/', segments[..^1]) : normalized;
        var baseName = ArtifactName().Replace(segments[wildcard >= 0 ? Math.Max(wildcard - 1, 0) : ^1], "-").Trim('-').ToLowerInvariant();
        var name = names.Add(baseName) ? baseName : $"{JobId(producer)}-{baseName}";
        if (!names.Add(name) && name != baseName)
        {
            throw new BuildDefinitionException($"{context}: two paths of {producer.Name} would share the artifact name '{name}'.");
        }

        return new ArtifactTransfer(name, normalized, download.Length == 0 ? "." : download, producer);
    }

    private static bool Same(string a, string b) => TargetGraph.NormalizeName(a) == TargetGraph.NormalizeName(b);

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]*$")]
    private static partial Regex WorkflowName();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]*$")]
    private static partial Regex EnvironmentName();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_-]*$")]
    private static partial Regex InputName();

    [GeneratedRegex("[^A-Za-z0-9]+")]
    private static partial Regex ArtifactName();
}
