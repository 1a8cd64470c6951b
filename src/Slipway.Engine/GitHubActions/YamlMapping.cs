using System.Collections;

namespace Slipway.Engine.GitHubActions;

/// <summary>Keys in insertion order (workflows read best in GitHub's documented order, not sorted).</summary>
internal sealed class YamlMapping : YamlNode, IEnumerable<YamlEntry>
{
    private readonly List<YamlEntry> entries = [];

    public IReadOnlyList<YamlEntry> Entries => entries;

    public int Count => entries.Count;

    public void Add(string key, YamlNode? value) => Add(key, value, blankLineBefore: false);

    public void Add(string key, string value) => Add(key, new YamlScalar(value));

    public void Add(string key, YamlNode? value, bool blankLineBefore)
    {
        if (entries.Exists(e => e.Key == key))
        {
            throw new InvalidOperationException($"Duplicate YAML key '{key}'.");
        }

        entries.Add(new YamlEntry(key, value, blankLineBefore));
    }

    public IEnumerator<YamlEntry> GetEnumerator() => entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
