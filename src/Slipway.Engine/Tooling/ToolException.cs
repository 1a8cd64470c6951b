using Slipway.Engine.Logging;

namespace Slipway.Engine.Tooling;

/// <summary>A tool exited non-zero. The message carries the (masked) command line and the tail of its output.</summary>
public sealed class ToolException : Exception
{
    private const int TailLines = 15;

    public ToolException(ToolResult result)
        : base(Describe(result))
    {
        Result = result;
    }

    public ToolException(string message)
        : base(SecretMasker.Apply(message))
    {
    }

    public ToolException(string message, Exception innerException)
        : base(SecretMasker.Apply(message), innerException)
    {
    }

    public ToolException()
    {
    }

    public ToolResult? Result { get; }

    private static string Describe(ToolResult result)
    {
        var tail = (result.StandardError + "\n" + result.StandardOutput)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .TakeLast(TailLines);
        return SecretMasker.Apply(
            $"'{result.Invocation.Render()}' exited with code {result.ExitCode}.{Environment.NewLine}{string.Join(Environment.NewLine, tail)}");
    }
}
