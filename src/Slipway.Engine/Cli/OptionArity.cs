namespace Slipway.Engine.Cli;

/// <summary>How many words an option takes after it.</summary>
public enum OptionArity
{
    Flag,
    One,
    Many,
}
