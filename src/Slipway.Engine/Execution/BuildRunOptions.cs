using System.Collections;

namespace Slipway.Engine.Execution;

/// <summary>Everything a run takes from its process, injectable so tests run builds in-process.</summary>
public sealed record BuildRunOptions(
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string> Environment,
    string WorkingDirectory,
    TextWriter Output,
    bool OutputIsTerminal)
{
    /// <summary>The default of <c>--parallel</c>: one target per processor.</summary>
    public int ProcessorCount { get; init; } = System.Environment.ProcessorCount;

    public static BuildRunOptions FromProcess(IReadOnlyList<string> arguments)
    {
        var environment = System.Environment.GetEnvironmentVariables()
            .Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? string.Empty, StringComparer.Ordinal);
        return new BuildRunOptions(arguments, environment, System.Environment.CurrentDirectory, Console.Out, !Console.IsOutputRedirected);
    }
}
