namespace Slipway.Delivery.Edge;

/// <summary>
/// Judges the answer to <c>set server</c> commands. HAProxy answers success with nothing (or, for <c>addr</c>, a line
/// saying what changed) and failure with a sentence, so anything else counts as a failure.
/// </summary>
internal static class RuntimeApiResponse
{
    private static readonly string[] SuccessPrefixes = ["IP changed from ", "no need to change the addr"];

    /// <summary>The lines of <paramref name="answer"/> that report an error; empty when every command succeeded.</summary>
    public static IReadOnlyList<string> Errors(string answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return answer.Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !SuccessPrefixes.Any(p => line.StartsWith(p, StringComparison.Ordinal)))
            .ToList();
    }

    /// <summary>Throws <see cref="EdgeRuntimeApiException"/> when the answer to <paramref name="command"/> reports an error.</summary>
    public static void EnsureSucceeded(string command, string answer)
    {
        var errors = Errors(answer);
        if (errors.Count > 0)
        {
            throw new EdgeRuntimeApiException(command, $"The edge refused '{command}': {string.Join(" ", errors)}");
        }
    }
}
