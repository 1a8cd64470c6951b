namespace Slipway.Engine.GitHubActions;

/// <summary>
/// A workflow file that differs from what the build class generates: <see cref="Committed"/> is null for a new file,
/// <see cref="Generated"/> null for a generated file whose workflow the build class no longer declares.
/// </summary>
internal sealed record WorkflowFileChange(string RelativePath, string? Committed, string? Generated)
{
    public string Diff(string buildName) => UnifiedDiff.Render(
        Committed ?? string.Empty,
        Generated ?? string.Empty,
        Committed is null ? "/dev/null" : $"{RelativePath} (committed)",
        Generated is null ? "/dev/null" : $"{RelativePath} (generated from {buildName})");
}
