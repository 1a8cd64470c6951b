using System.Text.RegularExpressions;

namespace Slipway.Engine.GitHubActions;

/// <summary>
/// Prints a <see cref="YamlMapping"/> as block-style YAML the way people write workflows: two-space indents, values
/// plain unless YAML would read them as another type or structure, then single-quoted; multi-line text as a literal
/// block; comments after values. Our own writer rather than YamlDotNet's serializer, because the generated files are
/// committed and reviewed: blank lines between jobs and version comments after pinned SHAs matter here. The tests parse
/// every generated file back with YamlDotNet to prove the quoting.
/// </summary>
internal static partial class YamlWriter
{
    private const string Indicators = "-?:,[]{}#&*!|>'\"%@`";

    public static string Write(YamlMapping document, IEnumerable<string> headerComments)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(headerComments);
        var lines = new List<string>();
        lines.AddRange(headerComments.Select(c => string.IsNullOrEmpty(c) ? "#" : "# " + c));
        WriteMapping(lines, document, 0, firstLinePrefix: null);
        return string.Join('\n', lines) + "\n";
    }

    /// <summary>The value as YAML text on one line: plain when that reads back as the same string, else single-quoted.</summary>
    public static string FormatScalar(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Contains('\n', StringComparison.Ordinal) || value.Contains('\r', StringComparison.Ordinal))
        {
            // Only reached for multi-line text outside a mapping value; double quotes keep it on one line.
            return "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
                .Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal) + "\"";
        }

        return CanBePlain(value, isKey: false) ? value : Quote(value);
    }

    private static void WriteMapping(List<string> lines, YamlMapping mapping, int indent, string? firstLinePrefix)
    {
        var pad = new string(' ', indent);
        var first = true;
        foreach (var entry in mapping)
        {
            if (entry.BlankLineBefore && lines.Count > 0)
            {
                lines.Add(string.Empty);
            }

            var lead = first && firstLinePrefix is not null ? firstLinePrefix : pad;
            first = false;
            var key = CanBePlain(entry.Key, isKey: true) ? entry.Key : Quote(entry.Key);
            switch (entry.Value)
            {
                case null:
                    lines.Add($"{lead}{key}:");
                    break;
                case YamlScalar scalar when scalar.Value.Contains('\n', StringComparison.Ordinal) && !scalar.IsLiteral:
                    WriteLiteralBlock(lines, $"{lead}{key}:", scalar.Value, indent + 2);
                    break;
                case YamlScalar scalar:
                    lines.Add($"{lead}{key}: {Format(scalar)}");
                    break;
                case YamlMapping { Count: 0 }:
                    lines.Add($"{lead}{key}: {{}}");
                    break;
                case YamlMapping child:
                    lines.Add($"{lead}{key}:");
                    WriteMapping(lines, child, indent + 2, firstLinePrefix: null);
                    break;
                case YamlSequence { Count: 0 }:
                    lines.Add($"{lead}{key}: []");
                    break;
                case YamlSequence sequence:
                    lines.Add($"{lead}{key}:");
                    WriteSequence(lines, sequence, indent + 2);
                    break;
                default:
                    throw new InvalidOperationException($"Unknown YAML node {entry.Value.GetType().Name}.");
            }
        }
    }

    private static void WriteSequence(List<string> lines, YamlSequence sequence, int indent)
    {
        var pad = new string(' ', indent);
        foreach (var item in sequence)
        {
            switch (item)
            {
                case YamlScalar scalar:
                    lines.Add($"{pad}- {Format(scalar)}");
                    break;
                case YamlMapping { Count: > 0 } mapping:
                    WriteMapping(lines, mapping, indent + 2, firstLinePrefix: pad + "- ");
                    break;
                default:
                    throw new InvalidOperationException("Sequence items are scalars or non-empty mappings in generated workflows.");
            }
        }
    }

    private static void WriteLiteralBlock(List<string> lines, string head, string value, int indent)
    {
        if (value.StartsWith(' '))
        {
            throw new InvalidOperationException("A literal block cannot start with a space without an indentation indicator.");
        }

        var pad = new string(' ', indent);
        var body = value.EndsWith('\n') ? value[..^1] : value;
        lines.Add(head + (value.EndsWith('\n') ? " |" : " |-"));
        lines.AddRange(body.Split('\n').Select(line => line.Length == 0 ? string.Empty : pad + line));
    }

    private static string Format(YamlScalar scalar)
    {
        var text = scalar.IsLiteral ? scalar.Value : FormatScalar(scalar.Value);
        return scalar.Comment is null ? text : $"{text} # {scalar.Comment}";
    }

    private static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static bool CanBePlain(string value, bool isKey)
    {
        if (value.Length == 0 || value.Trim() != value || value.Any(char.IsControl))
        {
            return false;
        }

        if (Indicators.Contains(value[0], StringComparison.Ordinal)
            && !(value[0] is '-' or '?' or ':' && value.Length > 1 && value[1] != ' '))
        {
            return false;
        }

        if (value.Contains(": ", StringComparison.Ordinal) || value.Contains(" #", StringComparison.Ordinal) || value.EndsWith(':'))
        {
            return false;
        }

        // Keys are names GitHub defines (`on` included, which YAML 1.1 would read as true but GitHub reads as a key).
        return isKey || !OtherType().IsMatch(value);
    }

    /// <summary>Text that YAML 1.1 or 1.2 reads as a boolean, null, number, sexagesimal number or date.</summary>
    [GeneratedRegex(@"^(?:[Tt]rue|TRUE|[Ff]alse|FALSE|[Yy]es|YES|[Nn]o|NO|[Oo]n|ON|[Oo]ff|OFF|[YyNn]|[Nn]ull|NULL|~|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|[-+]?[0-9._][0-9_.:eE+-]*|0[xXoObB][0-9a-fA-F_]+|\d{4}-\d\d?-\d\d?.*)$")]
    private static partial Regex OtherType();
}
