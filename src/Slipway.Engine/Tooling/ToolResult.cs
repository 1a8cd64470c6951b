namespace Slipway.Engine.Tooling;

/// <summary>What a finished process left behind. Output is already masked.</summary>
public sealed record ToolResult(ToolInvocation Invocation, int ExitCode, string StandardOutput, string StandardError, TimeSpan Duration)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Throws <see cref="ToolException"/> unless the exit code is zero.</summary>
    public ToolResult EnsureSuccess() => Succeeded ? this : throw new ToolException(this);

    public IReadOnlyList<string> OutputLines =>
        StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
