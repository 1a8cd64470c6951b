namespace Slipway.Engine.Cli;

/// <summary>An option as typed (<c>--coverage-threshold 90</c> → name <c>coverage-threshold</c>, values <c>[90]</c>).</summary>
public sealed record CommandLineOption(string Name, List<string> Values, bool HasInlineValue)
{
    public string Key => Normalize(Name);

    public static string Normalize(string name) =>
        name.Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
}
