namespace Slipway.Engine.Parameters;

/// <summary>A raw value could not be turned into the parameter's type; the message says what is allowed.</summary>
public sealed class ParameterConversionException : Exception
{
    public ParameterConversionException(string expectation)
        : base(expectation)
    {
        Expectation = expectation;
    }

    public ParameterConversionException()
        : this("a valid value")
    {
    }

    public ParameterConversionException(string expectation, Exception innerException)
        : base(expectation, innerException)
    {
        Expectation = expectation;
    }

    /// <summary>What would have been accepted, e.g. "one of quiet, minimal, normal, verbose".</summary>
    public string Expectation { get; } = "a valid value";
}
