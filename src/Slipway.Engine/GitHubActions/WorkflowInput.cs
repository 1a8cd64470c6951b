using Slipway.Engine.Parameters;

namespace Slipway.Engine.GitHubActions;

/// <summary>
/// A <c>workflow_dispatch</c> input that fills a build parameter. It reaches the build as the parameter's option on the
/// command line (<c>--to "$INPUT_VERSION"</c>) from a step variable, never spliced into the script, so no input can
/// inject shell.
/// </summary>
/// <param name="Alias">The input's own name when it differs from the parameter's (<c>"version=To"</c>), else null.</param>
internal sealed record WorkflowInput(ParameterDescriptor Parameter, bool Required, string? Alias = null)
{
    /// <summary>The input's name: the alias, or the parameter's option name without dashes in front (<c>version</c>, <c>test-filter</c>).</summary>
    public string Name => Alias ?? Parameter.OptionName[2..];

    /// <summary>The step's environment variable that carries the value to the command line (<c>INPUT_VERSION</c>).</summary>
    public string VariableName => "INPUT_" + (Alias is null ? Parameter.EnvironmentVariableName : Alias.Replace('-', '_').ToUpperInvariant());
}
