using System.Diagnostics;
using System.Globalization;
using Serilog;
using Slipway.Delivery.Edge;
using Slipway.Engine;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Tests.Edge;

/// <summary>
/// An edge running as an HAProxy process on this host (Debian's <c>haproxy</c> package), in master-worker mode. Writes
/// the rendered config, validates it with <c>haproxy -c</c>, starts, reloads and stops the master.
/// </summary>
internal sealed class EdgeHostProcess
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    public EdgeHostProcess(EdgeSettings settings, string configDirectory)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrEmpty(configDirectory);
        settings.Validate();
        Settings = settings;
        ConfigFile = Path.Combine(configDirectory, "haproxy.cfg");
        PidFile = Path.Combine(configDirectory, "haproxy.pid");
    }

    public EdgeSettings Settings { get; }

    public string ConfigFile { get; }

    public string PidFile { get; }

    /// <summary>The master's pid from the pid file, if it names a live process.</summary>
    public int? MasterPid
    {
        get
        {
            if (!File.Exists(PidFile)
                || !int.TryParse(File.ReadAllText(PidFile).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid))
            {
                return null;
            }

            return IsAlive(pid) && IsHaproxy(pid) ? pid : null;
        }
    }

    /// <summary>Renders the config, checks it with <c>haproxy -c</c>, and only then replaces the config file.</summary>
    public async Task WriteConfigAsync(CancellationToken cancellationToken = default)
    {
        var config = EdgeConfigRenderer.Render(Settings);
        Directory.CreateDirectory(Path.GetDirectoryName(ConfigFile)!);
        foreach (var file in new[] { Settings.StatsSocketPath, Settings.ServerStateFile })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        }

        // The config reads the maintenance map on start: HAProxy refuses to start without the file.
        if (!File.Exists(Settings.MaintenanceMapFile))
        {
            await File.WriteAllTextAsync(Settings.MaintenanceMapFile, string.Empty, cancellationToken);
        }

        var candidate = ConfigFile + ".new";
        await File.WriteAllTextAsync(candidate, config, cancellationToken);
        var check = await ToolRunner.RunAsync(HaproxyCommands.Check(candidate), cancellationToken);
        if (!check.Succeeded)
        {
            throw new BuildFailedException(
                $"HAProxy rejected the rendered edge config ({candidate}):{Environment.NewLine}{check.StandardError}{check.StandardOutput}");
        }

        File.Move(candidate, ConfigFile, overwrite: true);
    }

    /// <summary>Starts the edge (writing the config first) and returns once its runtime API answers.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (MasterPid is { } running)
        {
            throw new BuildFailedException($"The edge for '{Settings.Environment}' is already running (master pid {running}).");
        }

        await WriteConfigAsync(cancellationToken);
        (await ToolRunner.RunAsync(HaproxyCommands.StartDaemon(ConfigFile, PidFile), cancellationToken)).EnsureSuccess();
        await WaitForRuntimeApiAsync(cancellationToken);
        Log.Information("Edge for {Environment} running on {Endpoint} (master pid {Pid})", Settings.Environment, Settings.PublicEndpoint, MasterPid);
    }

    /// <summary>
    /// Re-renders and checks the config, then reloads seamlessly: the master starts a new worker (which loads the
    /// server-state file) and the old worker finishes its requests. Save the state first (<see cref="EdgeClient.SaveStateAsync"/>).
    /// </summary>
    public async Task ReloadAsync(CancellationToken cancellationToken = default)
    {
        var pid = MasterPid ?? throw new BuildFailedException($"The edge for '{Settings.Environment}' is not running; start it instead.");
        await WriteConfigAsync(cancellationToken);
        (await ToolRunner.RunAsync(HaproxyCommands.Signal(pid, "USR2"), cancellationToken)).EnsureSuccess();
        await WaitForRuntimeApiAsync(cancellationToken);
    }

    /// <summary>
    /// Stops the edge: softly (open requests finish, bounded by <c>hard-stop-after</c>) or at once. Returns when the
    /// master has exited.
    /// </summary>
    public async Task StopAsync(bool graceful = true, CancellationToken cancellationToken = default)
    {
        if (MasterPid is not { } pid)
        {
            return;
        }

        (await ToolRunner.RunAsync(HaproxyCommands.Signal(pid, graceful ? "USR1" : "TERM"), cancellationToken)).EnsureSuccess();
        var limit = graceful ? Settings.Timeouts.HardStopAfter + TimeSpan.FromSeconds(5) : TimeSpan.FromSeconds(10);
        var clock = Stopwatch.StartNew();
        while (IsAlive(pid))
        {
            if (clock.Elapsed > limit)
            {
                throw new BuildFailedException($"The edge's master (pid {pid}) did not exit within {limit.TotalSeconds:0} s.");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    private async Task WaitForRuntimeApiAsync(CancellationToken cancellationToken)
    {
        var transport = SocketRuntimeTransport.UnixSocket(Settings.StatsSocketPath, TimeSpan.FromSeconds(2));
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                var answer = await transport.SendAsync(RuntimeApiCommands.ShowServersState(EdgeNames.AppBackend), cancellationToken);
                if (answer.StartsWith('1'))
                {
                    return;
                }
            }
            catch (EdgeRuntimeApiException) when (clock.Elapsed < StartTimeout)
            {
                // Not listening yet.
            }

            if (clock.Elapsed >= StartTimeout)
            {
                throw new BuildFailedException($"The edge for '{Settings.Environment}' started but its runtime API ({transport.Description}) did not answer within {StartTimeout.TotalSeconds:0} s.");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    // A stale pid file may name a pid the kernel has since given to another program.
    private static bool IsHaproxy(int pid)
    {
        var commandLine = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/cmdline";
        try
        {
            return !File.Exists(commandLine) || File.ReadAllText(commandLine).Contains("haproxy", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static bool IsAlive(int pid)
    {
        // A master that exited but was not reaped yet (no reaping init in a container) is a zombie: /proc says 'Z'.
        var stat = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat";
        if (File.Exists(stat))
        {
            try
            {
                var text = File.ReadAllText(stat);
                var state = text[(text.LastIndexOf(')') + 2)..].FirstOrDefault();
                return state is not ('Z' or 'X');
            }
            catch (IOException)
            {
                return false;
            }
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
