using Slipway.Engine.Parameters;
using Slipway.Engine.Planning;

namespace Slipway.Engine.Cli;

/// <summary>
/// Decides which words belong to which option, now that option types are known: a flag takes a following word only
/// when it is true/false, a single-valued option takes one word, a list takes all; the rest are target names.
/// </summary>
public static class ArgumentBinder
{
    public static BuildInvocation Bind(CommandLine commandLine, IReadOnlyList<ParameterDescriptor> parameters)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        ArgumentNullException.ThrowIfNull(parameters);
        var invocation = new BuildInvocation();
        invocation.Targets.AddRange(commandLine.Positionals);

        foreach (var option in commandLine.Options)
        {
            var builtIn = BuiltInOption.All.FirstOrDefault(b => b.Key == option.Key);
            var parameter = parameters.FirstOrDefault(p => CommandLineOption.Normalize(p.Name) == option.Key);
            if (builtIn is null && parameter is null)
            {
                throw UnknownOption(option, parameters);
            }

            var arity = builtIn?.Arity ?? (parameter!.IsFlag ? OptionArity.Flag : parameter.IsArray ? OptionArity.Many : OptionArity.One);
            var values = Take(option, arity, invocation.Targets);
            if (builtIn is not null)
            {
                Apply(invocation, builtIn, values);
            }

            // A build parameter named like a flag of the engine (the Version target's --json) still gets its value.
            if (parameter is not null && (builtIn is null || (builtIn.Arity == OptionArity.Flag && parameter.IsFlag)))
            {
                invocation.ParameterValues[parameter.Name] = values;
            }
        }

        return invocation;
    }

    private static List<string> Take(CommandLineOption option, OptionArity arity, List<string> targets)
    {
        var taken = option.HasInlineValue ? option.Values : arity switch
        {
            OptionArity.Flag => option.Values.Take(1).Where(ParameterValueConverter.IsBooleanLiteral).ToList(),
            OptionArity.FlagOrCount => option.Values.Take(1).Where(v => int.TryParse(v, System.Globalization.CultureInfo.InvariantCulture, out _)).ToList(),
            OptionArity.One => option.Values.Take(1).ToList(),
            _ => option.Values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList(),
        };
        if (arity != OptionArity.Many)
        {
            // Words after a flag or a single value are target names: `--verbosity quiet Test`.
            targets.AddRange(option.Values.Skip(taken.Count));
        }

        return taken;
    }

    private static void Apply(BuildInvocation invocation, BuiltInOption option, List<string> values)
    {
        bool Flag() => values.Count == 0 || (ParameterValueConverter.IsBooleanLiteral(values[0])
            ? ParameterValueConverter.ParseBoolean(values[0])
            : throw new BuildDefinitionException($"Invalid value '{values[0]}' for --{option.Name}: expected true or false."));
        switch (option.Name)
        {
            case "help": invocation.Help = Flag(); break;
            case "plan": invocation.Plan = Flag(); break;
            case "json": invocation.Json = Flag(); break;
            case "no-logo": invocation.NoLogo = Flag(); break;
            case "no-cache": invocation.NoCache = Flag(); break;
            case "generate-workflows": invocation.GenerateWorkflows = Flag(); break;
            case "parallel": invocation.Parallelism = Count(option, values); break;
            case "target": invocation.Targets.AddRange(values); break;
            case "skip": invocation.Skip = [.. invocation.Skip ?? [], .. values]; break;
            case "profile": invocation.Profiles.AddRange(values); break;
            case "verbosity": invocation.Verbosity = values.SingleOrDefault() ?? throw Missing(option); break;
            case "root": invocation.Root = values.SingleOrDefault() ?? throw Missing(option); break;
            default: throw new InvalidOperationException($"Built-in option --{option.Name} has no handler.");
        }
    }

    /// <summary><c>--parallel</c> alone means one target per processor, the default; a count must be at least 1.</summary>
    private static int? Count(BuiltInOption option, List<string> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        return int.TryParse(values[0], System.Globalization.CultureInfo.InvariantCulture, out var count) && count >= 1
            ? count
            : throw new BuildDefinitionException($"Invalid value '{values[0]}' for --{option.Name}: expected a whole number of at least 1.");
    }

    private static BuildDefinitionException Missing(BuiltInOption option) =>
        new($"--{option.Name} needs a value: --{option.Name} {option.Placeholder}.");

    private static BuildDefinitionException UnknownOption(CommandLineOption option, IReadOnlyList<ParameterDescriptor> parameters)
    {
        var known = BuiltInOption.All.Select(b => "--" + b.Name).Concat(parameters.Select(p => p.OptionName));
        var closest = ClosestMatch.Order("--" + option.Name, known, CommandLineOption.Normalize).Take(3);
        return new BuildDefinitionException(
            $"Unknown option '--{option.Name}'. Did you mean {string.Join(", ", closest)}? Run with --help for every option.");
    }
}
