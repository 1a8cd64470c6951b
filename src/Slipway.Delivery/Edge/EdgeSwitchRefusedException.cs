using Slipway.Engine;

namespace Slipway.Delivery.Edge;

/// <summary>
/// A switch was refused before any traffic moved: the target slot did not prove healthy (or has no upstream). The slot
/// that was serving still serves, so a deploy that hits this exits with <see cref="ExitCodes.DeployAborted"/>.
/// </summary>
internal sealed class EdgeSwitchRefusedException : BuildFailedException
{
    public EdgeSwitchRefusedException(EdgeSlot target, string message)
        : base(ExitCodes.DeployAborted, message)
    {
        Target = target;
    }

    public EdgeSwitchRefusedException()
        : base(ExitCodes.DeployAborted, "The edge refused the switch.")
    {
    }

    public EdgeSwitchRefusedException(string message)
        : base(ExitCodes.DeployAborted, message)
    {
    }

    public EdgeSwitchRefusedException(string message, Exception innerException)
        : base(ExitCodes.DeployAborted, message, innerException)
    {
    }

    public EdgeSlot? Target { get; }
}
