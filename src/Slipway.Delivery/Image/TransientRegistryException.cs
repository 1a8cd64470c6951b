using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Image;

/// <summary>A registry command failed in a way worth retrying; carries the result for the final message.</summary>
internal sealed class TransientRegistryException(ToolResult result) : Exception(result.Invocation.Render())
{
    public ToolResult Result { get; } = result;
}
