using System.Text;

namespace Slipway.Delivery.Tests.Remote;

/// <summary>Every process's command line, read from <c>/proc/*/cmdline</c> (arguments joined by spaces).</summary>
internal static class ProcessTable
{
    public static IReadOnlyList<(int Pid, string CommandLine)> CommandLines()
    {
        var lines = new List<(int, string)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                var raw = File.ReadAllBytes(Path.Combine(directory, "cmdline"));
                lines.Add((pid, Encoding.UTF8.GetString(raw).Replace('\0', ' ').Trim()));
            }
            catch (IOException)
            {
                // The process ended between the listing and the read.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours to read; root reads them all, so this is a process that just ended.
            }
        }

        return lines;
    }
}
