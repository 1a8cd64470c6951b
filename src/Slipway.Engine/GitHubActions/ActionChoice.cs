using System.Text.RegularExpressions;

namespace Slipway.Engine.GitHubActions;

/// <summary>
/// The choice input of an action workflow (<see cref="GitHubActionsAttribute.OnWorkflowDispatchAction"/>): its name,
/// its options with the job targets each selects, and the option a run without inputs takes. Pure: conditions and
/// step guards derived from declarations.
/// </summary>
internal sealed partial record ActionChoice(string Input, IReadOnlyList<KeyValuePair<string, IReadOnlySet<ExecutableTarget>>> Selections, string? Default)
{
    /// <summary>The form's text for the input; null for the invoked targets' own options (the original wording).</summary>
    public string? Description { get; init; }

    public IReadOnlyList<string> Options => [.. Selections.Select(s => s.Key)];

    /// <summary>Parses <see cref="GitHubActionsAttribute.ActionOptions"/>: each option and the job targets it runs.</summary>
    public static List<KeyValuePair<string, IReadOnlySet<ExecutableTarget>>> ParseOptions(
        GitHubActionsAttribute definition, IReadOnlySet<ExecutableTarget> jobTargets, Func<string, ExecutableTarget> resolve, string context)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(jobTargets);
        ArgumentNullException.ThrowIfNull(resolve);
        var options = new List<KeyValuePair<string, IReadOnlySet<ExecutableTarget>>>();
        foreach (var entry in definition.ActionOptions)
        {
            var parts = (entry ?? string.Empty).Split('=', 2);
            var names = parts.Length == 2 ? parts[1].Split(',', StringSplitOptions.TrimEntries) : [];
            if (parts.Length != 2 || !OptionName().IsMatch(parts[0]) || names.Length == 0 || names.Any(n => n.Length == 0))
            {
                throw new BuildDefinitionException(
                    $"{context} ActionOptions: '{entry}' is not OPTION=Target,Target (e.g. $\"ci-only={{nameof(Lint)}},{{nameof(Test)}}\"); " +
                    "an option starts with a letter or digit and has only lower-case letters, digits, '-' and '_'.");
            }

            if (options.Any(o => o.Key == parts[0]))
            {
                throw new BuildDefinitionException($"{context} ActionOptions: the option '{parts[0]}' is listed twice.");
            }

            var targets = new HashSet<ExecutableTarget>();
            foreach (var target in names.Select(resolve))
            {
                targets.Add(jobTargets.Contains(target) ? target : throw new BuildDefinitionException(
                    $"{context} ActionOptions: option '{parts[0]}' names {target.Name}, which has no job in this workflow. Jobs: " +
                    $"{string.Join(", ", jobTargets.OrderBy(t => t.DeclarationIndex).Select(t => t.Name))}."));
            }

            options.Add(new(parts[0], targets));
        }

        return options;
    }

    /// <summary>The choice, checked: its input's name and its default.</summary>
    public static ActionChoice Create(
        GitHubActionsAttribute definition, IReadOnlyList<KeyValuePair<string, IReadOnlySet<ExecutableTarget>>> selections, string context)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(selections);
        if (!InputName().IsMatch(definition.ActionInput ?? string.Empty))
        {
            throw new BuildDefinitionException(
                $"{context}: ActionInput '{definition.ActionInput}' is not an input name: it starts with a letter or '_' and has only letters, digits, '-' and '_'.");
        }

        if (definition.ActionDefault is { } fallback && selections.All(s => s.Key != fallback))
        {
            throw new BuildDefinitionException(
                $"{context}: ActionDefault '{fallback}' is not one of the options of '{definition.ActionInput}': {string.Join(", ", selections.Select(s => s.Key))}.");
        }

        return new ActionChoice(definition.ActionInput!, selections, definition.ActionDefault)
        {
            Description = definition.ActionOptions.Length == 0 ? null
                : "What to run: " + string.Join("; ", selections.Select(s => $"{s.Key} ({string.Join(", ", s.Value.OrderBy(t => t.DeclarationIndex).Select(WorkflowPlanner.JobId))})")),
        };
    }

    /// <summary>
    /// Each job runs only for the options that select its target. A job an option selects without one of the jobs it
    /// needs must not wait for that job's success (a skipped job would skip it too), only for no failure; and it
    /// downloads that job's artifacts only when that job ran.
    /// </summary>
    public List<JobPlan> Apply(IReadOnlyList<JobPlan> jobs, string context)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var targetOf = jobs.ToDictionary(j => j.Id, j => j.Target, StringComparer.Ordinal);
        return [.. jobs.Select(job =>
        {
            var options = Selections.Where(s => s.Value.Contains(job.Target)).ToList();
            if (options.Count == 0)
            {
                throw new BuildDefinitionException(
                    $"{context}: no option of '{Input}' runs the job {job.Id}: add {job.Target.Name} to an option of ActionOptions, or leave it out of the workflow.");
            }

            bool SomeOptionOmits(string jobId) => options.Any(o => !o.Value.Contains(targetOf[jobId]));
            var chosen = string.Join(" || ", options.Select(o => Chosen(o.Key)));
            var existing = job.Settings.Condition;
            var condition = job.Needs.Any(SomeOptionOmits)
                ? "${{ !cancelled() && !failure()" + (existing is null ? string.Empty : $" && ({existing})") + $" && ({chosen}) }}}}"
                : existing is null ? chosen : $"({existing}) && ({chosen})";
            return job with
            {
                Settings = job.Settings with { Condition = condition },
                Downloads = [.. job.Downloads.Select(d => d.ProducerJobId ?? WorkflowPlanner.JobId(d.Producer)).Zip(job.Downloads)
                    .Select(x => SomeOptionOmits(x.First) ? x.Second with { Condition = $"${{{{ needs.{x.First}.result == 'success' }}}}" } : x.Second)],
            };
        })];
    }

    /// <summary>Whether the run chose <paramref name="option"/>; a run without inputs has the default.</summary>
    private string Chosen(string option) => Default is null ? $"inputs.{Input} == '{option}'" : $"(inputs.{Input} || '{Default}') == '{option}'";

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]*$")]
    private static partial Regex OptionName();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_-]*$")]
    private static partial Regex InputName();
}
