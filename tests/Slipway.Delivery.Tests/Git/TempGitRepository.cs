using System.Globalization;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Tests.Git;

/// <summary>A real git repository in a temp folder with its own committer identity, deleted on dispose.</summary>
internal sealed class TempGitRepository : IDisposable
{
    private int fileCounter;

    private TempGitRepository(string path)
    {
        Path = path;
    }

    public string Path { get; }

    public string Head => Git("rev-parse", "HEAD");

    public static TempGitRepository Create(string initialBranch = "main")
    {
        var repository = new TempGitRepository(NewFolder());
        repository.Git("init", "--quiet", "--initial-branch=" + initialBranch);
        repository.ConfigureIdentity();
        return repository;
    }

    public static TempGitRepository CreateBare()
    {
        var repository = new TempGitRepository(NewFolder());
        repository.Git("init", "--quiet", "--bare", "--initial-branch=main");
        return repository;
    }

    public static TempGitRepository Clone(string source, params string[] options)
    {
        var repository = new TempGitRepository(NewFolder());
        RunIn(System.IO.Path.GetTempPath(), ["clone", "--quiet", .. options, source, repository.Path]);
        repository.ConfigureIdentity();
        return repository;
    }

    public string Git(params string[] arguments) => RunIn(Path, arguments);

    public ToolResult TryGit(params string[] arguments) =>
        ToolRunner.Run(new ToolInvocation("git", arguments) { WorkingDirectory = Path, LogOutput = false });

    /// <summary>Changes a file and commits it with the message; returns the new commit's sha.</summary>
    public string Commit(string message)
    {
        fileCounter++;
        File.WriteAllText(System.IO.Path.Combine(Path, $"file-{fileCounter.ToString(CultureInfo.InvariantCulture)}.txt"), message);
        Git("add", "--all");
        ToolRunner.Run(new ToolInvocation("git", "commit", "--quiet", "--file=-") { WorkingDirectory = Path, StandardInput = message, LogOutput = false })
            .EnsureSuccess();
        return Head;
    }

    /// <summary>Several commits with distinct messages.</summary>
    public void Commits(int count, string messagePrefix = "chore: work")
    {
        for (var i = 1; i <= count; i++)
        {
            Commit($"{messagePrefix} {i.ToString(CultureInfo.InvariantCulture)}");
        }
    }

    public void Tag(string name, bool annotated = true, string target = "HEAD")
    {
        if (annotated)
        {
            Git("tag", "--annotate", "--message=" + name, name, target);
        }
        else
        {
            Git("tag", name, target);
        }
    }

    public void Checkout(string branch, bool create = false)
    {
        if (create)
        {
            Git("checkout", "--quiet", "-b", branch);
        }
        else
        {
            Git("checkout", "--quiet", branch);
        }
    }

    public void Merge(string branch, string message) => Git("merge", "--no-ff", "--quiet", "--message=" + message, branch);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process still holding a file: the temp folder is cleaned by the OS later.
        }
    }

    private static string NewFolder()
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "slipway-git-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(path);
        return path;
    }

    private static string RunIn(string directory, string[] arguments) =>
        ToolRunner.Run(new ToolInvocation("git", arguments) { WorkingDirectory = directory, LogOutput = false })
            .EnsureSuccess().StandardOutput.Trim();

    private void ConfigureIdentity()
    {
        Git("config", "user.name", "Slipway Test");
        Git("config", "user.email", "test@slipway.invalid");
        Git("config", "commit.gpgsign", "false");
        Git("config", "tag.gpgsign", "false");
    }
}
