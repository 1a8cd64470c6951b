using System.Reflection;
using System.Text;

namespace Slipway.Engine.Parameters;

/// <summary>A declared parameter: its names in each source, its type and how its value reaches the build.</summary>
public sealed class ParameterDescriptor
{
    internal ParameterDescriptor(MemberInfo member, ParameterAttribute attribute)
    {
        Member = member;
        Name = attribute.Name ?? member.Name;
        Description = attribute.Description;
        IsSecret = member.IsDefined(typeof(SecretAttribute), inherit: true);
        ValueType = member switch
        {
            FieldInfo field => field.FieldType,
            PropertyInfo property => property.PropertyType,
            _ => throw new ArgumentException($"{member.Name} is neither a field nor a property.", nameof(member)),
        };
    }

    public MemberInfo Member { get; }

    /// <summary>The member name, e.g. <c>CoverageThreshold</c>: the key in parameters.json.</summary>
    public string Name { get; }

    public string Description { get; }

    public Type ValueType { get; }

    public bool IsSecret { get; }

    public string DeclaringTypeName => Member.DeclaringType?.Name ?? "?";

    /// <summary><c>--coverage-threshold</c>.</summary>
    public string OptionName => "--" + ToKebabCase(Name);

    /// <summary><c>COVERAGE_THRESHOLD</c>; the exact member name is read too.</summary>
    public string EnvironmentVariableName => ToUpperSnakeCase(Name);

    public bool IsFlag => Nullable.GetUnderlyingType(ValueType) is { } inner ? inner == typeof(bool) : ValueType == typeof(bool);

    public bool IsArray => ValueType.IsArray;

    public static string ToKebabCase(string name) => Split(name, '-').ToLowerInvariant();

    public static string ToUpperSnakeCase(string name) => Split(name, '_').ToUpperInvariant();

    private static string Split(string name, char separator)
    {
        ArgumentNullException.ThrowIfNull(name);
        var builder = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var startsWord = i > 0 && char.IsUpper(c)
                && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1])));
            if (startsWord)
            {
                builder.Append(separator);
            }

            builder.Append(c == '_' ? separator : c);
        }

        return builder.ToString();
    }
}
