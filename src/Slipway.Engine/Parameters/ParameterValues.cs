namespace Slipway.Engine.Parameters;

/// <summary>The bound value of every parameter, and where it came from. Components read theirs from here.</summary>
public sealed class ParameterValues
{
    private readonly Dictionary<string, (object? Value, ParameterSource Source)> values = new(StringComparer.OrdinalIgnoreCase);

    public void Set(string name, object? value, ParameterSource source) => values[name] = (value, source);

    public bool TryGet(string name, out object? value)
    {
        var found = values.TryGetValue(name, out var entry) && entry.Source != ParameterSource.Default;
        value = found ? entry.Value : null;
        return found;
    }

    public ParameterSource SourceOf(string name) => values.TryGetValue(name, out var entry) ? entry.Source : ParameterSource.Default;

    public T? Get<T>(string name) => TryGet(name, out var value) && value is T typed ? typed : default;
}
