namespace Slipway.Engine.GitHubActions;

/// <summary>A generated workflow file: its path relative to the repository root and its exact content.</summary>
public sealed record GeneratedWorkflow(string RelativePath, string Content);
