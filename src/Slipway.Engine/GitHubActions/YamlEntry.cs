namespace Slipway.Engine.GitHubActions;

/// <summary>One key of a mapping. A null value prints as <c>key:</c> (YAML null), as GitHub expects for <c>workflow_dispatch:</c>.</summary>
internal sealed record YamlEntry(string Key, YamlNode? Value, bool BlankLineBefore);
