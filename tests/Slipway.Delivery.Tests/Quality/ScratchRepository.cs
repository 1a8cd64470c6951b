using System.Diagnostics;
using Slipway.Engine.Execution;
using Slipway.Engine.IO;

namespace Slipway.Delivery.Tests.Quality;

/// <summary>
/// A small repository in a temporary folder with this repository's real gate configuration (.editorconfig,
/// Directory.Build.props, central package versions, tool manifest, security rules) and a git repository, so the
/// gates run with the real tools against problems planted on purpose, never in this repository.
/// </summary>
internal sealed class ScratchRepository : IDisposable
{
    private static readonly string[] CopiedConfiguration =
    [
        ".editorconfig", ".gitignore", "Directory.Build.props", "Directory.Packages.props", "tests/Directory.Build.props",
        ".config/dotnet-tools.json", ".slipway/security.globalconfig",
    ];

    public ScratchRepository(string name)
    {
        Root = AbsolutePath.Create(Directory.CreateTempSubdirectory($"slipway-{name}-").FullName);
        foreach (var file in CopiedConfiguration)
        {
            var target = Root / file;
            Directory.CreateDirectory(target.Parent!);
            File.Copy(SourceRoot / file, target);
        }

        Directory.CreateDirectory(Root / ".nuke");
        Git("init", "--quiet");
    }

    /// <summary>This repository's root, found from the test assembly's folder.</summary>
    public static AbsolutePath SourceRoot { get; } = FindSourceRoot();

    public AbsolutePath Root { get; }

    public string Output { get; private set; } = string.Empty;

    public void WriteFile(string relativePath, string content)
    {
        var path = Root / relativePath;
        Directory.CreateDirectory(path.Parent!);
        File.WriteAllText(path, content);
    }

    public string ReadFile(string relativePath) => File.ReadAllText(Root / relativePath);

    /// <summary>Writes <c>Slipway.slnx</c> (the name the components expect) listing the given projects.</summary>
    public void WriteSolution(params string[] projects) =>
        WriteFile("Slipway.slnx", $"<Solution>\n{string.Concat(projects.Select(p => $"  <Project Path=\"{p}\" />\n"))}</Solution>\n");

    /// <summary>Runs the gate build in-process; on GitHub when <paramref name="stepSummary"/> is given.</summary>
    // --no-cache: these tests change what a gate sees through the environment (a planted failure), which no cache key
    // holds; each run must really run its gate.
    public int Run(string? stepSummary, params string[] arguments) => RunBuild(stepSummary, [.. arguments, "--no-cache"]);

    /// <summary>Runs the gate build in-process with the target cache on, as a developer's re-run does.</summary>
    public int RunCached(params string[] arguments) => RunBuild(null, arguments);

    private int RunBuild(string? stepSummary, string[] arguments)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        if (stepSummary is not null)
        {
            environment["GITHUB_ACTIONS"] = "true";
            environment["GITHUB_STEP_SUMMARY"] = stepSummary;
        }

        using var output = new StringWriter();
        var options = new BuildRunOptions([.. arguments, "--no-logo"], environment, Root, output, OutputIsTerminal: false);
        var exitCode = BuildRunner.Run(() => new GateBuild(), null, options);
        Output = output.ToString();
        TestContext.Out.WriteLine(Output);
        return exitCode;
    }

    public void Git(params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, $"git {string.Join(' ', arguments)}: {error}");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A build server may still hold a file for a moment; the temp folder is cleaned by the OS later.
        }
    }

    private static AbsolutePath FindSourceRoot()
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Slipway.slnx")))
        {
            directory = directory.Parent;
        }

        return AbsolutePath.Create(directory?.FullName ?? throw new InvalidOperationException("Slipway.slnx not found above the test assembly."));
    }
}
