namespace Slipway.Engine.GitHubActions;

/// <summary>A node of the small YAML tree that generated workflows are built from before <see cref="YamlWriter"/> prints them.</summary>
internal abstract class YamlNode;
