using System.Collections;
using System.Globalization;
using Slipway.Engine.IO;
using Slipway.Engine.Parameters;

namespace Slipway.Engine.Cli;

/// <summary>Renders <c>--help</c>: targets in plan order with descriptions and dependencies, then parameters, then options.</summary>
public static class HelpWriter
{
    public static string Render(TargetGraph graph, IReadOnlyList<ParameterDescriptor> parameters, IReadOnlyDictionary<string, object?> defaults)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(defaults);
        var lines = new List<string>
        {
            "Usage: ./build.sh [targets] [--parameter value ...] [options]",
            string.Empty,
            "Targets (* runs when none is named):",
        };
        var listed = Planning.ExecutionPlanner.Order(graph.Targets).Where(t => t.IsListed).ToList();
        var width = listed.Select(t => t.Name.Length + 2).DefaultIfEmpty(0).Max() + 2;
        foreach (var target in listed)
        {
            var name = target.Name + (target.IsDefault ? " *" : string.Empty);
            var dependencies = target.DependsOn.Count > 0 ? $"  (depends on {string.Join(", ", target.DependsOn.Select(d => d.Name))})" : string.Empty;
            lines.Add($"  {name.PadRight(width)}{target.Description ?? string.Empty}{dependencies}".TrimEnd());
        }

        lines.Add(string.Empty);
        lines.Add("Parameters (from --option, an environment variable, or .nuke/parameters.json; in that precedence):");
        foreach (var parameter in parameters)
        {
            lines.Add($"  {parameter.OptionName} {Placeholder(parameter.ValueType)}".TrimEnd());
            lines.Add($"      {parameter.Description}");
            var details = new List<string>();
            var shown = parameter.IsSecret ? "(secret)" : Show(defaults.GetValueOrDefault(parameter.Name));
            if (shown is not null)
            {
                details.Add($"default: {shown}");
            }

            if (parameter.IsSecret)
            {
                // The documented way in for a secret: an option's value is readable by every user of the machine.
                details.Add($"env: {parameter.EnvironmentVariableName} or {parameter.EnvironmentVariableName}{ParameterBinder.FileSuffix} (a file holding it); not the option, which other users can read");
            }
            else
            {
                details.Add($"env: {parameter.EnvironmentVariableName}");
            }

            lines.Add($"      {string.Join("; ", details)}");
        }

        lines.Add(string.Empty);
        lines.Add("Options:");
        var optionWidth = BuiltInOption.All.Max(o => o.Name.Length + o.Placeholder.Length) + 6;
        foreach (var option in BuiltInOption.All)
        {
            lines.Add($"  {$"--{option.Name} {option.Placeholder}".TrimEnd().PadRight(optionWidth)}{option.Description}");
        }

        return string.Join(Environment.NewLine, lines) + Environment.NewLine;
    }

    public static string Placeholder(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying switch
        {
            _ when underlying == typeof(bool) => string.Empty,
            _ when underlying == typeof(string) => "<text>",
            _ when underlying == typeof(AbsolutePath) => "<path>",
            _ when underlying == typeof(TimeSpan) => "<duration>",
            _ when underlying == typeof(Uri) => "<url>",
            { IsEnum: true } => $"<{string.Join('|', ParameterValueConverter.AllowedNames(underlying))}>",
            { IsArray: true } => Placeholder(underlying.GetElementType()!).TrimEnd('>') + "...>",
            _ when underlying.IsPrimitive || underlying == typeof(decimal) => "<number>",
            _ => $"<{ParameterDescriptor.ToKebabCase(underlying.Name)}>",
        };
    }

    private static string? Show(object? value) => value switch
    {
        null => null,
        string text when text.Length == 0 => null,
        bool flag => flag ? "true" : null,
        Enum member => ParameterDescriptor.ToKebabCase(member.ToString()),
        string text => text,
        AbsolutePath => null,
        IEnumerable items => string.Join(", ", items.Cast<object>()) is { Length: > 0 } joined ? joined : null,
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
