using System.Collections;

namespace Slipway.Engine.GitHubActions;

internal sealed class YamlSequence : YamlNode, IEnumerable<YamlNode>
{
    private readonly List<YamlNode> items = [];

    public YamlSequence()
    {
    }

    public YamlSequence(IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var value in values)
        {
            Add(new YamlScalar(value));
        }
    }

    public IReadOnlyList<YamlNode> Items => items;

    public int Count => items.Count;

    public void Add(YamlNode item) => items.Add(item);

    public IEnumerator<YamlNode> GetEnumerator() => items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
