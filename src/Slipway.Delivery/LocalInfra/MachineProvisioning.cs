using Serilog;
using Slipway.Engine;
using Slipway.Engine.IO;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.LocalInfra;

/// <summary>
/// Runs a repository's idempotent provisioning scripts (<c>.ci/provision-*.sh</c>: engines, servers and tools the tests
/// talk to) the way this machine allows — as root, through passwordless sudo, or as the user — so that a laptop's
/// <c>./build.sh Test</c> sets the machine up as CI does, and stops at the first script that cannot, naming the one
/// command that fixes it.
/// </summary>
internal static class MachineProvisioning
{
    /// <summary>The variables a script reads that sudo would otherwise drop (CI: non-interactive, stricter checks).</summary>
    private const string PreservedVariables = "CI,DEBIAN_FRONTEND,SLIPWAY_VALIDATORS_DIR";

    public static async Task<ProvisionPrivilege> DetectAsync(CancellationToken cancellationToken = default)
    {
        if (Environment.IsPrivilegedProcess)
        {
            return ProvisionPrivilege.Root;
        }

        try
        {
            var sudo = await ToolRunner.RunAsync(new ToolInvocation("sudo", "-n", "true") { LogOutput = false, Timeout = TimeSpan.FromSeconds(10) }, cancellationToken);
            return sudo.Succeeded ? ProvisionPrivilege.Sudo : ProvisionPrivilege.User;
        }
        catch (ToolException)
        {
            return ProvisionPrivilege.User;
        }
    }

    /// <summary>The command that runs <paramref name="script"/> with <paramref name="privilege"/>.</summary>
    public static ToolInvocation Command(string script, ProvisionPrivilege privilege) => (privilege == ProvisionPrivilege.Sudo
        ? new ToolInvocation("sudo", "-n", "--preserve-env=" + PreservedVariables, "bash", script)
        : new ToolInvocation("bash", script)) with
    { Timeout = TimeSpan.FromMinutes(20) };

    /// <summary>What to do when <paramref name="script"/> (relative to the repository) failed with <paramref name="privilege"/>.</summary>
    public static string Fix(string script, ProvisionPrivilege privilege) => privilege == ProvisionPrivilege.User
        ? $"It needs root to install or start what is missing, and this build has neither root nor passwordless sudo: run `sudo bash {script}` once " +
          "(or `sudo .ci/run`, which sets up everything CI uses), then run the build again. On a machine set up another way, pass --no-provision."
        : $"Its output above says what failed; the script is idempotent, so run the build again once that is fixed (or `bash {script}` alone). On a machine set up another way, pass --no-provision.";

    /// <summary>Runs every script in order; the first that fails stops the build with its fix.</summary>
    public static async Task RunAsync(IReadOnlyList<AbsolutePath> scripts, AbsolutePath root, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scripts);
        ArgumentNullException.ThrowIfNull(root);
        if (scripts.Count == 0)
        {
            Log.Information("No provisioning scripts: nothing to set up");
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            Log.Warning("The provisioning scripts are bash scripts for Debian and Ubuntu: run them in WSL or on the machine that runs the tests ({Count} skipped)", scripts.Count);
            return;
        }

        var privilege = await DetectAsync(cancellationToken);
        Log.Information("Setting this machine up as CI does: {Count} provisioning scripts, {How}", scripts.Count, privilege switch
        {
            ProvisionPrivilege.Root => "as root",
            ProvisionPrivilege.Sudo => "through sudo -n",
            _ => "as this user (no root, no passwordless sudo: they can check, not install)",
        });
        foreach (var script in scripts)
        {
            await RunScriptAsync(root, script.GetRelativePathFrom(root), privilege, cancellationToken);
        }
    }

    /// <summary>Runs one script (<paramref name="relativeScript"/>, from <paramref name="root"/>); a failure stops the build with its fix.</summary>
    public static async Task RunScriptAsync(string root, string relativeScript, ProvisionPrivilege privilege, CancellationToken cancellationToken = default)
    {
        var result = await ToolRunner.RunAsync(Command(Path.Combine(root, relativeScript), privilege), cancellationToken);
        if (!result.Succeeded)
        {
            throw new BuildFailedException($"{relativeScript} failed (exit code {result.ExitCode}). {Fix(relativeScript, privilege)}");
        }
    }
}
