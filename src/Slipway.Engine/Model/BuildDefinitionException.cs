namespace Slipway.Engine;

/// <summary>The build class itself is wrong (duplicate or unknown targets, cycles) or the invocation is: exit 2.</summary>
public sealed class BuildDefinitionException : BuildFailedException
{
    public BuildDefinitionException(string message)
        : base(ExitCodes.BadInvocation, message)
    {
    }

    public BuildDefinitionException()
        : base(ExitCodes.BadInvocation, "The build definition is invalid.")
    {
    }

    public BuildDefinitionException(string message, Exception innerException)
        : base(ExitCodes.BadInvocation, message, innerException)
    {
    }
}
