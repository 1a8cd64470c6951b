using System.Diagnostics;
using Slipway.Engine.Execution;
using Slipway.Engine.IO;

namespace Slipway.Delivery.Tests.BasePins;

/// <summary>
/// A scratch git repository on <c>main</c> with a Dockerfile, pushed to a bare "origin" beside it, where
/// <see cref="PinsBuild"/> runs in-process as <c>./build.sh</c> would.
/// </summary>
internal sealed class PinsRepository : IDisposable
{
    private readonly AbsolutePath folder;

    public PinsRepository(string dockerfile)
    {
        folder = AbsolutePath.Create(Directory.CreateTempSubdirectory("slipway-pins-").FullName);
        Directory.CreateDirectory(Root / ".nuke");
        Directory.CreateDirectory(Origin);
        Git(Origin, "init", "--quiet", "--bare", "--initial-branch=main");
        Git(Root, "init", "--quiet", "--initial-branch=main");
        Git(Root, "config", "user.name", "Pin Tester");
        Git(Root, "config", "user.email", "pins@example.com");
        File.WriteAllText(Root / ".gitignore", ".nuke/temp/\nartifacts/\n");
        File.WriteAllText(Dockerfile, dockerfile);
        Git(Root, "add", ".");
        Git(Root, "commit", "--quiet", "-m", "chore: scratch repository");
        Git(Root, "remote", "add", "origin", Origin);
        Git(Root, "push", "--quiet", "origin", "main");
    }

    public AbsolutePath Root => folder / "work";

    /// <summary>The bare repository the work tree pushes to.</summary>
    public AbsolutePath Origin => folder / "origin.git";

    public AbsolutePath Dockerfile => Root / "Dockerfile";

    public string Output { get; private set; } = string.Empty;

    public int Run(IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        using var output = new StringWriter();
        var options = new BuildRunOptions(
            [.. arguments, "--no-logo", "--no-cache"], environment ?? new Dictionary<string, string>(), Root, output, OutputIsTerminal: false);
        var exitCode = BuildRunner.Run(() => new PinsBuild(), null, options);
        Output = output.ToString();
        TestContext.Out.WriteLine(Output);
        return exitCode;
    }

    /// <summary>git's output in <paramref name="directory"/>; the test fails when git does.</summary>
    public static string Git(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, $"git {string.Join(' ', arguments)}: {error}");
        return output.Result;
    }

    /// <summary>Whether the bare origin has the branch.</summary>
    public bool OriginHasBranch(string branch)
    {
        var start = new ProcessStartInfo("git", ["rev-parse", "--verify", "--quiet", $"refs/heads/{branch}"])
        {
            WorkingDirectory = Origin, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        process.WaitForExit();
        return process.ExitCode == 0;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // The OS cleans the temp folder later.
        }
    }
}
