namespace Slipway.Engine.Parameters;

/// <summary>Where a parameter's value came from, highest precedence first.</summary>
public enum ParameterSource
{
    CommandLine,
    Environment,
    ProfileFile,
    ParametersFile,
    Default,
}
