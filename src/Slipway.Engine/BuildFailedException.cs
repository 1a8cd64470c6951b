using Slipway.Engine.Logging;

namespace Slipway.Engine;

/// <summary>
/// Thrown by a target (or a stage it calls) to fail with a specific exit code and a message that names the problem and
/// the fix. Any other exception fails the target with <see cref="ExitCodes.TargetFailed"/>. The message is masked.
/// </summary>
public class BuildFailedException : Exception
{
    public BuildFailedException(int exitCode, string message)
        : base(SecretMasker.Apply(message))
    {
        ExitCode = exitCode;
    }

    public BuildFailedException(int exitCode, string message, Exception innerException)
        : base(SecretMasker.Apply(message), innerException)
    {
        ExitCode = exitCode;
    }

    public BuildFailedException(string message)
        : this(ExitCodes.TargetFailed, message)
    {
    }

    public BuildFailedException()
        : this(ExitCodes.TargetFailed, "The build failed.")
    {
    }

    public BuildFailedException(string message, Exception innerException)
        : this(ExitCodes.TargetFailed, message, innerException)
    {
    }

    public int ExitCode { get; }

    /// <summary>Bad input detected before any side effect (exit 2).</summary>
    public static BuildFailedException BadInput(string message) => new(ExitCodes.BadInvocation, message);

    /// <summary>The exit code a failure stands for: its own when it is a <see cref="BuildFailedException"/>, else 1 (a target failed).</summary>
    public static int ExitCodeOf(Exception? failure) => failure is BuildFailedException failed ? failed.ExitCode : ExitCodes.TargetFailed;
}
