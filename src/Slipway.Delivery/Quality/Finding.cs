namespace Slipway.Delivery.Quality;

/// <summary>
/// A problem a gate found at a place in the repository. <see cref="Path"/> is relative to the repository root with
/// <c>/</c> separators, so the same text works in a terminal (clickable in most IDEs) and as a GitHub annotation.
/// </summary>
internal sealed record Finding(string Path, int? Line, string Rule, string Message)
{
    /// <summary><c>path:line: rule: message</c>, or <c>path: rule: message</c> when the problem has no line.</summary>
    public override string ToString() =>
        Line is { } line ? $"{Path}:{line}: {Rule}: {Message}" : $"{Path}: {Rule}: {Message}";
}
