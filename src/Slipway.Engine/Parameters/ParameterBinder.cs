using System.Reflection;
using System.Text.Json;
using Slipway.Engine.IO;
using Slipway.Engine.Logging;

namespace Slipway.Engine.Parameters;

/// <summary>
/// Finds a build's parameters and fills them from, in precedence order: the command line, environment variables
/// (exact member name or UPPER_SNAKE), <c>.nuke/parameters.&lt;profile&gt;.json</c> and <c>.nuke/parameters.json</c>.
/// </summary>
public sealed class ParameterBinder(AbsolutePath rootDirectory, IReadOnlyDictionary<string, string> environment)
{
    private const BindingFlags Members = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    private readonly ParameterValueConverter converter = new(rootDirectory);

    public List<string> Warnings { get; } = [];

    public static IReadOnlyList<ParameterDescriptor> Discover(Type buildType)
    {
        ArgumentNullException.ThrowIfNull(buildType);
        var classMembers = new List<MemberInfo>();
        for (var type = buildType; type is not null && type != typeof(object); type = type.BaseType)
        {
            classMembers.InsertRange(0, type.GetFields(Members).Cast<MemberInfo>().Concat(type.GetProperties(Members)).OrderBy(m => m.MetadataToken));
        }

        var interfaceMembers = buildType.GetInterfaces().SelectMany(i => i.GetProperties(Members).OrderBy(m => m.MetadataToken));
        var descriptors = classMembers.Concat(interfaceMembers)
            .Select(m => (Member: m, Attribute: m.GetCustomAttribute<ParameterAttribute>()))
            .Where(x => x.Attribute is not null)
            .Select(x => new ParameterDescriptor(x.Member, x.Attribute!))
            .ToList();

        // A class member overrides an interface member of the same name (it re-declares the component's parameter).
        var result = new List<ParameterDescriptor>();
        foreach (var group in descriptors.GroupBy(d => Key(d.Name)))
        {
            var fromClass = group.Where(d => !d.Member.DeclaringType!.IsInterface).ToList();
            var fromInterfaces = group.Where(d => d.Member.DeclaringType!.IsInterface).ToList();
            if (fromClass.Count > 1 || (fromClass.Count == 0 && fromInterfaces.Count > 1))
            {
                throw new BuildDefinitionException(
                    $"Parameter '{group.First().Name}' is declared more than once: {string.Join(" and ", group.Select(d => $"{d.DeclaringTypeName}.{d.Member.Name}"))}. Rename one.");
            }

            result.Add(fromClass.FirstOrDefault() ?? fromInterfaces[0]);
        }

        return result;
    }

    /// <summary>Reads each parameter's current value (before binding): the defaults shown by --help.</summary>
    public static object? ReadValue(object build, ParameterDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        return descriptor.Member switch
        {
            FieldInfo field => field.GetValue(build),
            PropertyInfo property => property.GetValue(build),
            _ => null,
        };
    }

    public ParameterValues Bind(
        object build,
        IReadOnlyList<ParameterDescriptor> descriptors,
        IReadOnlyDictionary<string, IReadOnlyList<string>> commandLineValues,
        IReadOnlyList<string> profiles)
    {
        ArgumentNullException.ThrowIfNull(descriptors);
        ArgumentNullException.ThrowIfNull(commandLineValues);
        ArgumentNullException.ThrowIfNull(profiles);
        var files = new List<(ParameterSource Source, string File, Dictionary<string, List<string>> Values)>();
        foreach (var profile in profiles.Reverse())
        {
            var file = rootDirectory / ".nuke" / $"parameters.{profile}.json";
            if (!file.FileExists)
            {
                throw new BuildDefinitionException($"Profile '{profile}' not found: create {file.GetRelativePathFrom(rootDirectory)} or drop --profile {profile}.");
            }

            files.Add((ParameterSource.ProfileFile, file, ReadJson(file, descriptors)));
        }

        var defaultFile = rootDirectory / ".nuke" / "parameters.json";
        if (defaultFile.FileExists)
        {
            files.Add((ParameterSource.ParametersFile, defaultFile, ReadJson(defaultFile, descriptors)));
        }

        var values = new ParameterValues();
        foreach (var descriptor in descriptors)
        {
            var (raw, source, origin) = Find(descriptor, commandLineValues, files);
            if (raw is null)
            {
                values.Set(descriptor.Name, ReadValue(build, descriptor), ParameterSource.Default);
                continue;
            }

            object? value;
            try
            {
                value = converter.Convert(descriptor.ValueType, raw);
            }
            catch (ParameterConversionException exception)
            {
                var shown = descriptor.IsSecret ? "(secret value)" : $"'{string.Join(' ', raw)}'";
                throw new BuildDefinitionException(
                    $"Invalid value {shown} for parameter {descriptor.Name} ({descriptor.OptionName}) from {origin}: expected {exception.Expectation}.");
            }

            if (descriptor.IsSecret)
            {
                foreach (var secret in raw)
                {
                    SecretMasker.Register(secret);
                }
            }

            values.Set(descriptor.Name, value, source);
            Assign(build, descriptor, value);
        }

        return values;
    }

    private (IReadOnlyList<string>? Raw, ParameterSource Source, string Origin) Find(
        ParameterDescriptor descriptor,
        IReadOnlyDictionary<string, IReadOnlyList<string>> commandLineValues,
        List<(ParameterSource Source, string File, Dictionary<string, List<string>> Values)> files)
    {
        if (commandLineValues.TryGetValue(descriptor.Name, out var fromCommandLine))
        {
            return (fromCommandLine, ParameterSource.CommandLine, "the command line");
        }

        // An empty variable counts as unset: GitHub Actions passes a missing secret or variable as "".
        var variable = environment.Where(e => e.Value.Length > 0).Select(e => e.Key).FirstOrDefault(k => k == descriptor.Name)
            ?? environment.Where(e => e.Value.Length > 0).Select(e => e.Key).FirstOrDefault(k => k.Contains('_', StringComparison.Ordinal) || k.All(c => !char.IsLower(c))
                ? k.Replace("_", string.Empty, StringComparison.Ordinal).Equals(Key(descriptor.Name), StringComparison.Ordinal)
                : false);
        if (variable is not null)
        {
            var text = environment[variable];
            IReadOnlyList<string> raw = descriptor.IsArray
                ? text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                : [text];
            return (raw, ParameterSource.Environment, $"environment variable {variable}");
        }

        foreach (var (source, file, fileValues) in files)
        {
            if (fileValues.TryGetValue(Key(descriptor.Name), out var fromFile))
            {
                return (fromFile, source, Path.GetFileName(file));
            }
        }

        return (null, ParameterSource.Default, "default");
    }

    private Dictionary<string, List<string>> ReadJson(AbsolutePath file, IReadOnlyList<ParameterDescriptor> descriptors)
    {
        using var document = ParseJson(file);
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var property in document.RootElement.EnumerateObject().Where(p => !p.Name.StartsWith('$')))
        {
            if (!descriptors.Any(d => Key(d.Name) == Key(property.Name)))
            {
                Warnings.Add($"{file.Name}: '{property.Name}' is not a parameter of this build; it is ignored.");
                continue;
            }

            result[Key(property.Name)] = property.Value.ValueKind switch
            {
                JsonValueKind.Array => [.. property.Value.EnumerateArray().Select(Text)],
                JsonValueKind.Null => [],
                _ => [Text(property.Value)],
            };
        }

        return result;

        static string Text(JsonElement element) => element.ValueKind switch
        {
            JsonValueKind.String => element.GetString()!,
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => element.GetRawText(),
        };
    }

    private static JsonDocument ParseJson(AbsolutePath file)
    {
        try
        {
            var document = JsonDocument.Parse(File.ReadAllText(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document
                : throw new BuildDefinitionException($"{file} must hold a JSON object of parameter names to values.");
        }
        catch (JsonException exception)
        {
            throw new BuildDefinitionException($"{file} is not valid JSON: {exception.Message}", exception);
        }
    }

    private static void Assign(object build, ParameterDescriptor descriptor, object? value)
    {
        switch (descriptor.Member)
        {
            case FieldInfo field:
                field.SetValue(build, value);
                break;
            case PropertyInfo { CanWrite: true } property:
                property.SetValue(build, value);
                break;
            case PropertyInfo property when !property.DeclaringType!.IsInterface:
                // A get-only auto-property: write its compiler-generated backing field.
                property.DeclaringType.GetField($"<{property.Name}>k__BackingField", BindingFlags.Instance | BindingFlags.NonPublic)?.SetValue(build, value);
                break;
            default:
                // Interface parameters are computed properties that read ParameterValues.
                break;
        }
    }

    private static string Key(string name) => name.Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
}
