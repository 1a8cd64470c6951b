using System.Globalization;
using Slipway.Delivery.Docker;
using Slipway.Delivery.Edge;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Deploy;

/// <summary>
/// The environment's host-side state — the deploy lock and the append-only deploy log — lives in the edge's volume
/// (<c>/var/lib/haproxy/slipway</c>) and is only ever touched through Docker: <c>docker exec</c> into the running edge
/// (a shell is there: the official haproxy image and its stand-in are Debian-based), or, to read while the edge is
/// down, a throw-away container of the edge image on the same volume. So a local engine and an <c>ssh://</c> host work
/// identically, and nothing depends on the deploying machine's file system or clock. When the edge's volume is a
/// directory of this machine (<see cref="LocalEdgeVolume"/>: a local engine and a privileged deploy), the very same
/// scripts run in a local <c>sh</c> on that directory instead, as the edge's own user — same files, same clock, same
/// atomic <c>mkdir</c>, so a deploy through <c>docker exec</c> and one through the directory exclude each other — without
/// a process in the container per command.
/// </summary>
/// <remarks>
/// The lock is a directory: <c>mkdir</c> is atomic, so of two deploys exactly one gets it. Inside it, <c>id</c>
/// (whose lock), <c>owner.json</c> (who, shown to others) and <c>heartbeat</c> (the host's <c>date +%s</c>, renewed
/// while the deploy runs, always by renaming a complete file over it). Scripts take paths and values as positional arguments (<c>"$1"</c>), never spliced into
/// the script text, so nothing needs quoting.
/// </remarks>
internal sealed class HostStateCommands(DockerCli docker, string environment, LocalEdgeVolume? local = null)
{
    public const string StateDirectory = EdgeContainerLayout.StateDirectory + "/slipway";

    private const string LockDirectory = StateDirectory + "/lock";

    private const string LogFile = StateDirectory + "/" + DeployLogFormat.FileName;

    // The heartbeat is only ever replaced by a rename of a complete file, so a reader never sees it empty. One found
    // empty or unreadable anyway (a writer of an older Slipway truncating it) counts from the file's own mtime, which
    // the truncation just renewed: a live lock looks alive, while a dead one still ages and goes stale.
    private const string ReadBeat =
        "beat=$(cat \"$d/lock/heartbeat\" 2>/dev/null); case \"$beat\" in ''|*[!0-9]*) beat=$(stat -c %Y \"$d/lock/heartbeat\" 2>/dev/null);; esac; ";

    private const string WriteBeat = "date +%s > \"$d/lock/heartbeat.$$\" && mv -f \"$d/lock/heartbeat.$$\" \"$d/lock/heartbeat\"";

    private const string AcquireScript =
        "d=\"$1\"; mkdir -p \"$d\" || exit 3; " +
        "if mkdir \"$d/lock\" 2>/dev/null; then printf '%s' \"$2\" > \"$d/lock/id\" && cat > \"$d/lock/owner.json\" && " + WriteBeat + " && echo acquired; " +
        "else echo held; echo \"now=$(date +%s)\"; " + ReadBeat + "echo \"heartbeat=$beat\"; " +
        "echo \"created=$(stat -c %Y \"$d/lock\" 2>/dev/null)\"; echo \"owner=$(cat \"$d/lock/owner.json\" 2>/dev/null)\"; fi";

    // Breaks the lock only if it is still stale at this instant, so a holder that came back to life keeps it; a lock
    // whose age cannot be told at all counts as alive.
    private const string BreakStaleScript =
        "d=\"$1\"; now=$(date +%s); " +
        "if [ ! -d \"$d/lock\" ]; then echo gone; exit 0; fi; " + ReadBeat +
        "[ -n \"$beat\" ] || beat=$(stat -c %Y \"$d/lock\" 2>/dev/null) || beat=$now; [ -n \"$beat\" ] || beat=$now; " +
        "if [ $((now - beat)) -ge \"$2\" ]; then " +
        "mv \"$d/lock\" \"$d/lock.broken.$now.$$\" && rm -rf \"$d/lock.broken.$now.$$\" && echo broken; else echo alive; fi";

    private const string HeartbeatScript =
        "d=\"$1\"; if [ \"$(cat \"$d/lock/id\" 2>/dev/null)\" = \"$2\" ]; then " + WriteBeat + " && echo ok; else echo lost; fi";

    private const string ReleaseScript =
        "if [ \"$(cat \"$1/lock/id\" 2>/dev/null)\" = \"$2\" ]; then rm -rf \"$1/lock\" && echo released; else echo not-ours; fi";

    // One record per line. A line left unfinished by an append that was killed gets its newline first, so it never
    // glues this record to it. The record is staged in a file and appended by one write() (O_APPEND, far below cat's
    // buffer), so concurrent appends never interleave and a record lands whole.
    private const string AppendScript =
        "f=\"$1\"; t=\"$f.$$.tmp\"; mkdir -p \"$(dirname \"$f\")\" || exit 1; " +
        "{ { [ -s \"$f\" ] && [ -n \"$(tail -c 1 \"$f\")\" ] && printf '\\n'; cat; } > \"$t\" && cat \"$t\" >> \"$f\"; }; s=$?; rm -f \"$t\"; " +
        "[ $s = 0 ] && echo appended";

    // An operation's last two steps in one exec (each docker exec costs a process and a round trip, ~0.3 s here and
    // more over ssh): its final record, then its lock, released only when still its own, as Release does.
    private const string AppendAndReleaseScript =
        "append() { " + AppendScript + "; }; release() { " + ReleaseScript + "; }; append \"$1\"; release \"$2\" \"$3\"";

    private const string ReadScript = "if [ -f \"$1\" ]; then cat \"$1\"; fi";

    public string EdgeContainer { get; } = DeployNames.Edge(environment);

    /// <summary>True when these commands run in a local shell on the edge's volume rather than in the edge.</summary>
    public bool RunsLocally => local is not null;

    /// <summary>The same commands, run in a local shell on <paramref name="volume"/> as the edge's user.</summary>
    public HostStateCommands On(LocalEdgeVolume volume) => new(docker, environment, volume);

    /// <summary>True when these commands run locally on exactly <paramref name="volume"/>.</summary>
    public bool RunsOn(LocalEdgeVolume volume) => local == volume;

    /// <summary>Runs one of these commands: a local one here, one of the engine's CLI through <paramref name="engine"/> (its endpoint and SSH access).</summary>
    public Task<ToolResult> TryRunAsync(DockerEngine engine, ToolInvocation command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(command);
        return command.FileName == docker.Client.Executable ? engine.TryRunAsync(command, cancellationToken) : ToolRunner.RunAsync(command, cancellationToken);
    }

    /// <summary><see cref="TryRunAsync"/>, failing (<see cref="ToolException"/>) when the command does.</summary>
    public async Task<ToolResult> RunAsync(DockerEngine engine, ToolInvocation command, CancellationToken cancellationToken = default) =>
        command.FileName == docker.Client.Executable ? await engine.RunAsync(command, cancellationToken) : (await TryRunAsync(engine, command, cancellationToken)).EnsureSuccess();

    public ToolInvocation Acquire(LockOwner owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        return Exec(AcquireScript, "slipway-lock", LockProbe.SerializeOwner(owner) + "\n", StateDirectory, owner.Id);
    }

    public ToolInvocation BreakIfStale(TimeSpan staleAfter) =>
        Exec(BreakStaleScript, "slipway-break-lock", null, StateDirectory, ((long)staleAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture));

    public ToolInvocation Heartbeat(string lockId) => Exec(HeartbeatScript, "slipway-heartbeat", null, StateDirectory, lockId);

    public ToolInvocation Release(string lockId) => Exec(ReleaseScript, "slipway-unlock", null, StateDirectory, lockId);

    public ToolInvocation Append(DeployRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Exec(AppendScript, "slipway-log", DeployLogFormat.Serialize(record) + "\n", LogFile);
    }

    /// <summary>Appends an operation's final record, then releases its lock: prints <c>appended</c>, then <c>released</c> (or <c>not-ours</c>).</summary>
    public ToolInvocation AppendAndRelease(DeployRecord record, string lockId)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Exec(AppendAndReleaseScript, "slipway-finish", DeployLogFormat.Serialize(record) + "\n", LogFile, StateDirectory, lockId);
    }

    /// <summary>Reads the deploy log from the running edge.</summary>
    public ToolInvocation ReadLog() => Exec(ReadScript, "slipway-read", null, LogFile);

    /// <summary>Reads the deploy log while the edge is not running: a throw-away container of the edge image on its volume.</summary>
    public ToolInvocation ReadLogOffline(string edgeImage) =>
        docker.Command(
            "run", "--rm", "--network", "none",
            "--mount", $"type=volume,source={EdgeContainer},target={EdgeContainerLayout.StateDirectory},readonly",
            "--entrypoint", "sh", edgeImage, "-c", ReadScript, "slipway-read", LogFile) with
        {
            LogOutput = false,
            Timeout = TimeSpan.FromMinutes(1),
        };

    // --interactive only with input: without it, stdin stays unattached and nothing can wait on it.
    private ToolInvocation Exec(string script, string name, string? input, params string[] arguments)
    {
        string[] exec = input is null ? ["exec"] : ["exec", "--interactive"];
        var command = local is null
            ? docker.Command([.. exec, EdgeContainer, "sh", "-c", script, name, .. arguments])
            : Local(local, script, name, arguments);
        return command with
        {
            StandardInput = input,
            LogOutput = false,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    // As the edge's user (the volume is writable by a possibly compromised HAProxy: a root shell following a planted
    // link could write anywhere), with no new privileges and an empty environment (the deploy's holds secrets). That
    // user cannot reach the volume by its path (Docker's directory is root's only), so the shell starts in it — the
    // working directory is entered before the ids change — and the scripts' paths are relative to it.
    private static ToolInvocation Local(LocalEdgeVolume volume, string script, string name, string[] arguments)
    {
        string[] shell = ["env", "-i", "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "sh", "-c", script, name,
            .. arguments.Select(a => a.StartsWith(EdgeContainerLayout.StateDirectory + "/", StringComparison.Ordinal)
                ? "." + a[EdgeContainerLayout.StateDirectory.Length..]
                : a)];
        var command = volume.Uid == 0
            ? new ToolInvocation(shell[0], shell[1..])
            : new ToolInvocation("setpriv", [
                $"--reuid={volume.Uid.ToString(CultureInfo.InvariantCulture)}", $"--regid={volume.Gid.ToString(CultureInfo.InvariantCulture)}",
                "--clear-groups", "--no-new-privs", .. shell]);
        return command with { WorkingDirectory = volume.Directory };
    }
}
