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

    /// <summary>
    /// Samples every process's command line until <paramref name="running"/> ends, and names each one that holds any of
    /// <paramref name="values"/> (by their keys; the value itself is left out of the report).
    /// </summary>
    public static async Task<(IReadOnlyList<string> Leaks, int Samples)> WatchAsync(Task running, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(running);
        ArgumentNullException.ThrowIfNull(values);
        var leaks = new List<string>();
        var samples = 0;
        while (!running.IsCompleted)
        {
            foreach (var (pid, commandLine) in CommandLines())
            {
                foreach (var (name, value) in values.Where(v => commandLine.Contains(v.Value, StringComparison.Ordinal)))
                {
                    leaks.Add($"{name} in pid {pid}: {commandLine.Replace(value, "<" + name + ">", StringComparison.Ordinal)}");
                }
            }

            samples++;
            await Task.Delay(5);
        }

        return (leaks, samples);
    }
}
