namespace Slipway.Engine.Cli;

/// <summary>How many words an option takes after it.</summary>
public enum OptionArity
{
    Flag,

    /// <summary>A flag that may be followed by a whole number (<c>--parallel</c>, <c>--parallel 4</c>).</summary>
    FlagOrCount,
    One,
    Many,
}
