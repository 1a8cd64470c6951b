using Slipway.Engine.Execution;

namespace Slipway.Engine.Tests.Support;

/// <summary>Runs a build class in-process, in a temporary repository root, with a controlled environment.</summary>
internal sealed class BuildHarness : IDisposable
{
    public BuildHarness()
    {
        Root = Directory.CreateTempSubdirectory("slipway-engine-").FullName;
        Directory.CreateDirectory(Path.Combine(Root, ".nuke"));
    }

    public string Root { get; }

    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public string Output { get; private set; } = string.Empty;

    /// <summary>
    /// The default of <c>--parallel</c> for in-process runs. One, so tests that pin an order see the plan's order (what
    /// <c>--parallel 1</c> guarantees); tests of parallel runs pass <c>--parallel N</c> or set this.
    /// </summary>
    public int ProcessorCount { get; set; } = 1;

    public int Run<TBuild>(params string[] args)
        where TBuild : SlipwayBuild, new() => Run<TBuild>(null, args);

    public int Run<TBuild>(Func<TBuild, Target>? defaultTarget, params string[] args)
        where TBuild : SlipwayBuild, new()
    {
        using var writer = new StringWriter();
        var options = new BuildRunOptions(args, Environment, Root, writer, OutputIsTerminal: false) { ProcessorCount = ProcessorCount };
        var exitCode = BuildRunner.Run(() => new TBuild(), defaultTarget is null ? null : b => defaultTarget((TBuild)b), options);
        Output = writer.ToString();
        return exitCode;
    }

    public void WriteFile(string relativePath, string content)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
