using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Slipway.Engine.IO;

namespace Slipway.Engine.Caching;

/// <summary>
/// A target's cache key: SHA-256 over its name, its code (the IL of its actions), its declared input values, the
/// content of its input files (paths relative to the root, so clones of one commit agree) and the keys of the cacheable
/// targets it depends on. Timestamps never count: only content does.
/// </summary>
internal static class CacheKeys
{
    // Bump when the key's recipe changes, so old entries simply stop matching.
    private const string Recipe = "slipway-cache-1";

    public static string Compute(ExecutableTarget target, AbsolutePath root)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(root);
        var text = new StringBuilder().Append(Recipe).Append('\n');
        text.Append("target ").Append(target.Name).Append('\n');
        foreach (var method in target.Definition.ActionMethods)
        {
            text.Append("code ").Append(Convert.ToHexString(SHA256.HashData(CodeOf(method)))).Append('\n');
        }

        AppendInputs(text, root, target.Definition.InputValues.Select(v => (v.Name, v.Value())), target.Definition.InputPatterns, target.Definition.OutputPatterns);

        foreach (var dependency in target.DependsOn.Where(d => d.CacheKey is not null).OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            text.Append("after ").Append(dependency.Name).Append(' ').Append(dependency.CacheKey).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>A cached step's key: its name, input values, input files' content and output patterns (<see cref="StepCache"/>).</summary>
    public static string Compute(CachedStep step, AbsolutePath root)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(root);
        var text = new StringBuilder().Append(Recipe).Append('\n');
        text.Append("step ").Append(step.Name).Append('\n');
        AppendInputs(text, root, step.Values.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => (v.Key, v.Value)), step.Inputs, step.Outputs);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static void AppendInputs(
        StringBuilder text, AbsolutePath root, IEnumerable<(string Name, object? Value)> values, IEnumerable<string> inputPatterns, IEnumerable<string> outputPatterns)
    {
        foreach (var (name, value) in values)
        {
            text.Append("value ").Append(name).Append('=').Append(Render(value)).Append('\n');
        }

        foreach (var file in FileGlob.Match(root, inputPatterns))
        {
            using var stream = File.OpenRead(root / file);
            text.Append("file ").Append(file).Append(' ').Append(Convert.ToHexString(SHA256.HashData(stream))).Append('\n');
        }

        foreach (var pattern in outputPatterns)
        {
            text.Append("output ").Append(pattern).Append('\n');
        }
    }

    /// <summary>An action's IL, and its state machine's for an async one (the stub alone says nothing of the body).</summary>
    private static byte[] CodeOf(MethodInfo method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray() ?? [];
        var stateMachine = method.GetCustomAttribute<AsyncStateMachineAttribute>()?.StateMachineType
            .GetMethod("MoveNext", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public);
        return stateMachine?.GetMethodBody()?.GetILAsByteArray() is { } body ? [.. il, .. body] : il;
    }

    private static string Render(object? value) => value switch
    {
        null => "<null>",
        string text => text,
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        IDictionary dictionary => string.Join('\u001f', dictionary.Keys.Cast<object>()
            .Select(k => $"{Render(k)}={Render(dictionary[k])}").Order(StringComparer.Ordinal)),
        IEnumerable items => string.Join('\u001f', items.Cast<object?>().Select(Render)),
        _ => value.ToString() ?? string.Empty,
    };
}
