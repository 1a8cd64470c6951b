using Slipway.Engine;

namespace Slipway.Delivery.Edge;

/// <summary>The edge's runtime API could not be reached or refused a command.</summary>
internal sealed class EdgeRuntimeApiException : BuildFailedException
{
    public EdgeRuntimeApiException(string command, string message)
        : base(message)
    {
        Command = command;
    }

    public EdgeRuntimeApiException(string command, string message, Exception innerException)
        : base(message, innerException)
    {
        Command = command;
    }

    public EdgeRuntimeApiException()
    {
    }

    public EdgeRuntimeApiException(string message)
        : base(message)
    {
    }

    public EdgeRuntimeApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The command line that failed, when one was sent.</summary>
    public string? Command { get; }
}
