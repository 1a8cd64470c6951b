using Slipway.Engine.Parameters;

namespace Slipway.Engine.GitHubActions;

/// <summary>
/// Expands a job whose declaration has <see cref="GitHubActionsJobAttribute.ForEachValueOf"/> into one job per value of
/// that enum parameter, chained in declaration order (pure: plans in, plans out).
/// </summary>
internal static class JobInstances
{
    public static List<JobPlan> Expand(
        List<JobPlan> jobs, Func<ExecutableTarget, GitHubActionsJobAttribute?> declarationOf, IReadOnlyList<ParameterDescriptor> parameters, string context)
    {
        var expanded = new List<JobPlan>();
        var renamed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var job in jobs)
        {
            if (declarationOf(job.Target) is not { ForEachValueOf: { } name } declaration)
            {
                expanded.Add(job);
                continue;
            }

            var where = $"{context} job {job.Id}";
            if (declaration.Environment is not null || declaration.EnvironmentParameter is not null)
            {
                throw new BuildDefinitionException($"{where}: ForEachValueOf gives each job the environment of its value; remove Environment/EnvironmentParameter.");
            }

            var parameter = parameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase) || p.Member.Name == name)
                ?? throw new BuildDefinitionException($"{where}: ForEachValueOf names '{name}', which is not a parameter. Parameters: {string.Join(", ", parameters.Select(p => p.Name))}.");
            var type = Nullable.GetUnderlyingType(parameter.ValueType) ?? parameter.ValueType;
            if (!type.IsEnum || Enum.GetNames(type).Length == 0)
            {
                throw new BuildDefinitionException(
                    $"{where}: ForEachValueOf needs an enum parameter, whose values are known when the workflow is written; {parameter.Name} is {type.Name}. " +
                    "Re-declare it in the build class as an enum, e.g. enum EnvironmentName { Development, Acceptance, Production }.");
            }

            JobPlan? previous = null;
            foreach (var value in Enum.GetNames(type).Select(ParameterDescriptor.ToKebabCase))
            {
                var id = $"{job.Id}-{value}";
                var instance = job with
                {
                    Id = id,
                    Needs = previous is null ? job.Needs : [.. job.Needs, previous.Id],
                    // The job before hands on what it made from the same inputs (e.g. the image record it verified).
                    Downloads = previous is null ? job.Downloads : [.. job.Downloads.Where(d => previous.Uploads.All(u => u.Path != d.Path)), .. previous.Uploads],
                    Uploads = [.. job.Uploads.Select(u => u with { Name = $"{value}-{u.Name}", ProducerJobId = id })],
                    Reports = [.. job.Reports.Select(r => r with { Name = $"{value}-{r.Name}", ProducerJobId = id })],
                    Settings = job.Settings with
                    {
                        EnvironmentName = value,
                        EnvironmentUrl = declaration.EnvironmentUrl ?? $"${{{{ vars.{ParameterDescriptor.ToUpperSnakeCase(value).Replace('-', '_')}_URL }}}}",
                        ConcurrencyGroup = $"environment-{value}",
                    },
                    Arguments = [parameter.OptionName, value],
                };
                expanded.Add(instance);
                previous = instance;
            }

            renamed[job.Id] = previous!.Id;
        }

        // A job after the chain waits for its last link.
        return [.. expanded.Select(j => j.Needs.Any(renamed.ContainsKey) ? j with { Needs = [.. j.Needs.Select(n => renamed.GetValueOrDefault(n, n)).Distinct()] } : j)];
    }
}
