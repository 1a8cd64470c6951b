namespace Slipway.Engine;

public enum Verbosity
{
    Quiet,
    Minimal,
    Normal,
    Verbose,
}
