using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Git;

/// <summary>
/// Every git command line Slipway runs, as data (Kamal's commands style): each method returns a
/// <see cref="ToolInvocation"/> for one repository and starts nothing, so the exact arguments are unit-tested and
/// printed by <c>--dry-run</c>. <see cref="GitTool"/> runs them.
/// </summary>
internal sealed class GitCommands
{
    /// <summary>Separates fields inside one <c>git log</c> record; cannot occur in commit messages git accepts as text.</summary>
    internal const char FieldSeparator = '\u001f';

    /// <summary>Ends one <c>git log</c> record.</summary>
    internal const char RecordSeparator = '\u001e';

    private const string LogFormat = "--format=%H%x1f%P%x1f%ct%x1f%B%x1e";

    public GitCommands(string workingDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workingDirectory);
        WorkingDirectory = workingDirectory;
    }

    public string WorkingDirectory { get; }

    public ToolInvocation HeadSha() => Query("rev-parse", "--verify", "--quiet", "HEAD^{commit}");

    /// <summary>Exits 1 (and prints nothing) when HEAD is detached.</summary>
    public ToolInvocation CheckedOutBranch() => Query("symbolic-ref", "--quiet", "--short", "HEAD");

    public ToolInvocation IsShallowRepository() => Query("rev-parse", "--is-shallow-repository");

    public ToolInvocation IsInsideWorkTree() => Query("rev-parse", "--is-inside-work-tree");

    /// <summary>Resolves a revision to the commit it names; exits non-zero when it does not exist.</summary>
    public ToolInvocation ResolveCommit(string revision) => Query("rev-parse", "--verify", "--quiet", revision + "^{commit}");

    /// <summary>Resolves a ref to the object it points at (a tag object for an annotated tag).</summary>
    public ToolInvocation ResolveObject(string reference) => Query("rev-parse", "--verify", "--quiet", reference);

    /// <summary>
    /// Tags whose name starts with <paramref name="namePrefix"/>, one per line: ref name, object, peeled commit (empty
    /// for lightweight tags). With <paramref name="mergedInto"/>, only tags reachable from that commit.
    /// </summary>
    public ToolInvocation ListTags(string namePrefix, string? mergedInto = null)
    {
        List<string> arguments = ["for-each-ref", "--format=%(refname)%09%(objectname)%09%(*objectname)"];
        if (mergedInto is not null)
        {
            arguments.Add("--merged=" + mergedInto);
        }

        arguments.Add("refs/tags/" + namePrefix + "*");
        return Query([.. arguments]);
    }

    /// <summary>
    /// Commits reachable from <paramref name="until"/> but not from <paramref name="since"/> (all of its history when
    /// null), newest first, as records of sha, parents, committer time and raw message.
    /// </summary>
    public ToolInvocation Log(string? since, string until, bool includeMerges = true)
    {
        List<string> arguments = ["log", LogFormat];
        if (!includeMerges)
        {
            arguments.Add("--no-merges");
        }

        arguments.Add(since is null ? until : $"{since}..{until}");
        arguments.Add("--");
        return Query([.. arguments]);
    }

    /// <summary>Lines added and removed from the merge base of <paramref name="since"/> and <paramref name="until"/> to <paramref name="until"/>, as one summary line.</summary>
    public ToolInvocation DiffShortStat(string since, string until) => Query("diff", "--shortstat", $"{since}...{until}", "--");

    /// <summary>One commit in the same record format as <see cref="Log"/>.</summary>
    public ToolInvocation ShowCommit(string revision) =>
        Query("log", "-1", LogFormat, revision, "--");

    /// <summary>Changed, staged and untracked files (ignored ones excluded), one per line; empty when clean.</summary>
    public ToolInvocation Status() => Query("status", "--porcelain=v1", "--untracked-files=normal");

    /// <summary>Fails when git cannot tell who is committing (no user.name/user.email): checked before any commit.</summary>
    public ToolInvocation CommitterIdentity() => Query("var", "GIT_COMMITTER_IDENT");

    public ToolInvocation RemoteUrl(string remote) => Query("remote", "get-url", remote);

    /// <summary>The remote's refs matching the patterns (annotated tags also as <c>name^{}</c> with the peeled commit).</summary>
    public ToolInvocation LsRemote(string remote, params string[] patterns) =>
        Network(Query(["ls-remote", remote, .. patterns]));

    /// <summary>Turns a shallow clone into a full one and brings every tag: versioning needs the whole history.</summary>
    public ToolInvocation FetchFullHistory(string remote) =>
        Network(Git("fetch", "--unshallow", "--tags", "--quiet", remote));

    public ToolInvocation Add(params string[] paths) => Git(["add", "--", .. paths]);

    /// <summary>
    /// Commits what is staged; the message goes through standard input so it needs no quoting, and is kept as written
    /// even where a user's commit.cleanup=strip would delete lines starting with '#' (Markdown headings).
    /// </summary>
    public ToolInvocation Commit(string message) =>
        Git("commit", "--quiet", "--cleanup=whitespace", "--file=-") with { StandardInput = message };

    /// <summary>Creates an annotated tag on <paramref name="commit"/>; the message goes through standard input, kept as written.</summary>
    public ToolInvocation CreateAnnotatedTag(string name, string commit, string message) =>
        Git("tag", "--annotate", "--cleanup=whitespace", "--file=-", name, commit) with { StandardInput = message };

    /// <summary>
    /// Pushes <paramref name="commit"/> to <paramref name="branch"/> and the tag in one atomic push: either both land
    /// or neither does, so a pushed tag (which starts a production delivery) never points at a commit the branch lacks.
    /// </summary>
    public ToolInvocation PushCommitAndTag(string remote, string commit, string branch, string tag) =>
        Network(Git("push", "--atomic", "--porcelain", remote, $"{commit}:refs/heads/{branch}", $"refs/tags/{tag}:refs/tags/{tag}"));

    /// <summary>Creates <paramref name="branch"/> at HEAD (resetting it if it exists) and checks it out; the work tree's changes come along.</summary>
    public ToolInvocation SwitchToNewBranch(string branch) => Git("switch", "--quiet", "--force-create", branch);

    /// <summary>
    /// Commits only <paramref name="paths"/> as they are in the work tree, whatever else is staged; the message goes through
    /// standard input, kept as written.
    /// </summary>
    public ToolInvocation CommitOnly(string message, params string[] paths) =>
        Git(["commit", "--quiet", "--cleanup=whitespace", "--file=-", "--only", "--", .. paths]) with { StandardInput = message };

    /// <summary>
    /// Pushes HEAD to <paramref name="branch"/> on the remote, replacing what is there: for a branch the pipeline owns
    /// (a bot's update branch), where a re-run must be able to move it.
    /// </summary>
    public ToolInvocation ForcePushHeadTo(string remote, string branch) =>
        Network(Git("push", "--force", "--porcelain", remote, $"HEAD:refs/heads/{branch}"));

    private ToolInvocation Git(params string[] arguments) =>
        new ToolInvocation("git", arguments) { WorkingDirectory = WorkingDirectory };

    /// <summary>Read-only commands: their output is parsed, not logged line by line.</summary>
    private ToolInvocation Query(params string[] arguments) => Git(arguments) with { LogOutput = false };

    /// <summary>Never wait for a password prompt nobody can answer (CI has no stdin); fail with git's message instead.</summary>
    private static ToolInvocation Network(ToolInvocation invocation) =>
        invocation.WithEnvironment("GIT_TERMINAL_PROMPT", "0") with { Timeout = TimeSpan.FromMinutes(5) };
}
