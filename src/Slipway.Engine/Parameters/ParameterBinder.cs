using System.Reflection;
using System.Text.Json;
using Slipway.Engine.IO;
using Slipway.Engine.Logging;

namespace Slipway.Engine.Parameters;

/// <summary>
/// Finds a build's parameters and fills them from, in precedence order: the command line, environment variables
/// (exact member name or UPPER_SNAKE), <c>.nuke/parameters.&lt;profile&gt;.json</c> and <c>.nuke/parameters.json</c>.
/// A <see cref="SecretAttribute">[Secret]</see> parameter is also read from the file that <c>&lt;VARIABLE&gt;_FILE</c>
/// names (<c>GITHUB_TOKEN_FILE=/run/secrets/github-token</c>, as Docker secrets and the official images do), and given
/// on the command line it is still taken, with a warning: every user of the machine can read a process's arguments.
/// </summary>
public sealed class ParameterBinder(AbsolutePath rootDirectory, IReadOnlyDictionary<string, string> environment)
{
    /// <summary>Appended to a secret's variable name, the variable names a file holding the value (Docker secrets' convention).</summary>
    public const string FileSuffix = "_FILE";

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
            if (descriptor.IsSecret)
            {
                // Still accepted, so existing scripts keep working; the value itself is masked like any other secret.
                Warnings.Add(
                    $"Secret parameter {descriptor.Name} was given on the command line ({descriptor.OptionName}), where every user of this " +
                    $"machine can read it (ps, /proc/<pid>/cmdline) and shells keep it in their history. Set the environment variable " +
                    $"{descriptor.EnvironmentVariableName} instead, or {descriptor.EnvironmentVariableName}{FileSuffix} to the path of a file holding it.");
            }

            return (fromCommandLine, ParameterSource.CommandLine, "the command line");
        }

        var variable = FindVariable(descriptor.Name, suffix: string.Empty);
        var fileVariable = descriptor.IsSecret ? FindVariable(descriptor.Name, FileSuffix) : null;
        if (variable is not null && fileVariable is not null)
        {
            throw new BuildDefinitionException(
                $"Secret parameter {descriptor.Name} is set twice, by {variable} and by {fileVariable}: unset one of them.");
        }

        if (variable is not null || fileVariable is not null)
        {
            var text = variable is not null ? environment[variable] : ReadSecretFile(descriptor, fileVariable!);
            IReadOnlyList<string> raw = descriptor.IsArray
                ? text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                : [text];
            return (raw, ParameterSource.Environment, variable is not null ? $"environment variable {variable}" : $"the file named by {fileVariable}");
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

    /// <summary>
    /// The environment variable that sets <paramref name="name"/> (with <paramref name="suffix"/>): the exact member name,
    /// else an UPPER_SNAKE spelling. An empty variable counts as unset: GitHub Actions passes a missing secret or variable as "".
    /// </summary>
    private string? FindVariable(string name, string suffix)
    {
        var set = environment.Where(e => e.Value.Length > 0 && e.Key.EndsWith(suffix, StringComparison.Ordinal))
            .Select(e => (Variable: e.Key, Stem: e.Key[..^suffix.Length]))
            .ToList();
        return set.FirstOrDefault(v => v.Stem == name).Variable
            ?? set.FirstOrDefault(v => (v.Stem.Contains('_', StringComparison.Ordinal) || v.Stem.All(c => !char.IsLower(c)))
                && v.Stem.Replace("_", string.Empty, StringComparison.Ordinal).Equals(Key(name), StringComparison.Ordinal)).Variable;
    }

    private string ReadSecretFile(ParameterDescriptor descriptor, string fileVariable)
    {
        var path = environment[fileVariable];
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            // The message names the path, never the content.
            throw new BuildDefinitionException(
                $"Cannot read secret parameter {descriptor.Name} from {fileVariable}={path}: {exception.Message}", exception);
        }

        // `echo token > file` and most editors end the file with a line break that is not part of the value.
        text = text.TrimEnd('\r', '\n');
        return text.Length > 0
            ? text
            : throw new BuildDefinitionException($"Secret parameter {descriptor.Name}: the file {path} named by {fileVariable} is empty.");
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
