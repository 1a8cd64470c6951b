using Slipway.Engine.Parameters;

namespace Slipway.Engine.GitHubActions;

/// <summary>
/// A <c>workflow_dispatch</c> input that fills a build parameter. It reaches the build as an option on the command line
/// (<c>--version "$INPUT_VERSION"</c>) from a step variable, never spliced into the script, so no input can inject shell.
/// </summary>
internal sealed record WorkflowInput(ParameterDescriptor Parameter, bool Required)
{
    /// <summary>The input's name: the parameter's option name without dashes in front (<c>version</c>, <c>test-filter</c>).</summary>
    public string Name => Parameter.OptionName[2..];

    /// <summary>The step's environment variable that carries the value to the command line.</summary>
    public string VariableName => "INPUT_" + Parameter.EnvironmentVariableName;
}
