using System.Globalization;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Edge;

/// <summary>Command lines for HAProxy as a host process, as data.</summary>
internal static class HaproxyCommands
{
    private const string Haproxy = "haproxy";

    /// <summary>Checks a config the way HAProxy will read it (<c>haproxy -c</c>); exit code 0 means valid.</summary>
    public static ToolInvocation Check(string configFile) =>
        new(Haproxy, "-c", "-f", configFile) { LogOutput = false };

    /// <summary>
    /// Starts HAProxy in the background (<c>-D</c>); the config's <c>master-worker</c> makes the process that stays a
    /// master, which writes its pid to <paramref name="pidFile"/> and reloads seamlessly on SIGUSR2.
    /// </summary>
    public static ToolInvocation StartDaemon(string configFile, string pidFile) =>
        new(Haproxy, "-D", "-f", configFile, "-p", pidFile);

    /// <summary>Sends a signal to the master: USR2 reloads, USR1 stops softly (open requests finish), TERM stops now.</summary>
    public static ToolInvocation Signal(int pid, string signal) =>
        new("kill", "-s", signal, pid.ToString(CultureInfo.InvariantCulture)) { LogOutput = false };
}
