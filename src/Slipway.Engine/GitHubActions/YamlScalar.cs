namespace Slipway.Engine.GitHubActions;

/// <summary>
/// A single value. Text is quoted by the writer only when YAML would read it as something else; a literal (a number or
/// a boolean) is written as it is. A comment is written after the value on the same line (<c># v4.2.2</c>).
/// </summary>
internal sealed class YamlScalar(string value, bool isLiteral = false) : YamlNode
{
    public string Value { get; } = value;

    public bool IsLiteral { get; } = isLiteral;

    public string? Comment { get; init; }

    public static implicit operator YamlScalar(string value) => new(value);

    public static YamlScalar Of(bool value) => new(value ? "true" : "false", isLiteral: true);

    public static YamlScalar Of(int value) => new(value.ToString(System.Globalization.CultureInfo.InvariantCulture), isLiteral: true);
}
