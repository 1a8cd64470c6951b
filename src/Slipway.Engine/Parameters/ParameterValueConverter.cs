using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Slipway.Engine.IO;

namespace Slipway.Engine.Parameters;

/// <summary>
/// Converts raw text (from the command line, an environment variable or a JSON file) into a parameter's type:
/// strings, flags, numbers, enums, arrays, paths, durations, URIs and any type with a static <c>Parse(string)</c>.
/// </summary>
public sealed partial class ParameterValueConverter(AbsolutePath rootDirectory)
{
    private static readonly string[] TrueWords = ["true", "1", "yes", "on"];
    private static readonly string[] FalseWords = ["false", "0", "no", "off"];

    public static bool IsBooleanLiteral(string text) =>
        TrueWords.Contains(text, StringComparer.OrdinalIgnoreCase) || FalseWords.Contains(text, StringComparer.OrdinalIgnoreCase);

    /// <exception cref="ParameterConversionException">The values do not fit the type.</exception>
    public object? Convert(Type type, IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(values);
        if (type.IsArray)
        {
            var elementType = type.GetElementType()!;
            var items = values.Select(v => ConvertScalar(elementType, v)).ToArray();
            var array = Array.CreateInstance(elementType, items.Length);
            for (var i = 0; i < items.Length; i++)
            {
                array.SetValue(items[i], i);
            }

            return array;
        }

        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (values.Count == 0)
        {
            return underlying == typeof(bool)
                ? true
                : throw new ParameterConversionException($"a value ({Describe(underlying)})");
        }

        if (values.Count > 1)
        {
            throw new ParameterConversionException($"a single value ({Describe(underlying)}), not {values.Count}");
        }

        return ConvertScalar(underlying, values[0]);
    }

    public static string Describe(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying switch
        {
            _ when underlying == typeof(string) => "text",
            _ when underlying == typeof(bool) => "true or false",
            _ when IsWholeNumber(underlying) => "a whole number",
            _ when IsNumber(underlying) => "a number",
            _ when underlying == typeof(TimeSpan) => "a duration such as 90s, 5m or 00:01:30",
            _ when underlying == typeof(AbsolutePath) => "a path",
            _ when underlying == typeof(Uri) => "an absolute URL",
            { IsEnum: true } => "one of " + string.Join(", ", AllowedNames(underlying)),
            { IsArray: true } => "a list of " + Describe(underlying.GetElementType()!),
            _ when KnownValues(underlying).Count > 0 => "one of " + string.Join(", ", KnownValues(underlying)),
            _ => underlying.Name,
        };
    }

    public static IReadOnlyList<string> AllowedNames(Type enumType) =>
        [.. Enum.GetNames(enumType).Select(n => ParameterDescriptor.ToKebabCase(n))];

    private object? ConvertScalar(Type type, string text)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        try
        {
            return underlying switch
            {
                _ when underlying == typeof(string) => text,
                _ when underlying == typeof(bool) => ParseBoolean(text),
                _ when IsNumber(underlying) => System.Convert.ChangeType(text, underlying, CultureInfo.InvariantCulture),
                _ when underlying == typeof(TimeSpan) => ParseDuration(text),
                _ when underlying == typeof(AbsolutePath) => AbsolutePath.Resolve(text, rootDirectory),
                _ when underlying == typeof(Uri) => new Uri(text, UriKind.Absolute),
                { IsEnum: true } => ParseEnum(underlying, text),
                _ => ParseWithStaticParse(underlying, text),
            };
        }
        catch (Exception exception) when (exception is FormatException or OverflowException or InvalidCastException or ArgumentException or TargetInvocationException)
        {
            throw new ParameterConversionException(Describe(underlying), exception);
        }
    }

    public static bool ParseBoolean(string text) =>
        TrueWords.Contains(text, StringComparer.OrdinalIgnoreCase) ? true
        : FalseWords.Contains(text, StringComparer.OrdinalIgnoreCase) ? false
        : throw new FormatException($"'{text}' is not a boolean.");

    private static object ParseEnum(Type type, string text)
    {
        static string Key(string s) => s.Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal);
        var name = Enum.GetNames(type).FirstOrDefault(n => string.Equals(Key(n), Key(text), StringComparison.OrdinalIgnoreCase));
        return name is null ? throw new FormatException($"'{text}' is not a member of {type.Name}.") : Enum.Parse(type, name);
    }

    private static TimeSpan ParseDuration(string text)
    {
        var match = DurationPattern().Match(text.Trim());
        if (!match.Success)
        {
            return TimeSpan.Parse(text, CultureInfo.InvariantCulture);
        }

        var amount = double.Parse(match.Groups["amount"].Value, CultureInfo.InvariantCulture);
        return match.Groups["unit"].Value switch
        {
            "ms" => TimeSpan.FromMilliseconds(amount),
            "m" => TimeSpan.FromMinutes(amount),
            "h" => TimeSpan.FromHours(amount),
            _ => TimeSpan.FromSeconds(amount),
        };
    }

    private static object? ParseWithStaticParse(Type type, string text)
    {
        var parse = type.GetMethod("Parse", BindingFlags.Public | BindingFlags.Static, [typeof(string)])
            ?? throw new InvalidCastException($"Parameters of type {type.Name} are not supported: add a static Parse(string) method.");
        return parse.Invoke(null, [text]);
    }

    private static List<string> KnownValues(Type type) =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Static).Where(p => p.PropertyType == type).Select(p => p.GetValue(null)?.ToString() ?? p.Name)
            .Concat(type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.FieldType == type).Select(f => f.GetValue(null)?.ToString() ?? f.Name))];

    private static bool IsWholeNumber(Type type) =>
        type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte) || type == typeof(uint) || type == typeof(ulong);

    private static bool IsNumber(Type type) =>
        IsWholeNumber(type) || type == typeof(double) || type == typeof(float) || type == typeof(decimal);

    [GeneratedRegex(@"^(?<amount>\d+(\.\d+)?)(?<unit>ms|s|m|h)?$", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex DurationPattern();
}
