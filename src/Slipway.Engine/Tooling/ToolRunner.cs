using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Serilog;
using Slipway.Engine.Logging;

namespace Slipway.Engine.Tooling;

/// <summary>
/// Starts processes (NUKE's ProcessTasks role). Logs the masked command line, streams or keeps the output, enforces a
/// timeout and kills the whole process tree on cancellation, so no tool outlives the target that started it.
/// </summary>
public static class ToolRunner
{
    public static ToolResult Run(ToolInvocation invocation) =>
        RunAsync(invocation).GetAwaiter().GetResult();

    public static async Task<ToolResult> RunAsync(ToolInvocation invocation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        // Queries (LogOutput = false) are detail: their command lines show at --verbosity verbose only.
        Log.Write(invocation.LogOutput ? Serilog.Events.LogEventLevel.Information : Serilog.Events.LogEventLevel.Debug, "> {CommandLine}", invocation.Render());

        var startInfo = new ProcessStartInfo(invocation.FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = invocation.StandardInput is not null,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in invocation.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        if (invocation.WorkingDirectory is not null)
        {
            startInfo.WorkingDirectory = invocation.WorkingDirectory;
        }

        foreach (var (name, value) in invocation.Environment)
        {
            if (value is null)
            {
                startInfo.Environment.Remove(name);
            }
            else
            {
                startInfo.Environment[name] = value;
            }
        }

        using var process = new Process { StartInfo = startInfo };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => Collect(invocation, stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Collect(invocation, stderr, e.Data);

        var stopwatch = Stopwatch.StartNew();
        try
        {
            process.Start();
        }
        catch (Win32Exception exception)
        {
            throw new ToolException(
                $"Could not start '{invocation.FileName}': {exception.Message}. Is it installed and on PATH?", exception);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (invocation.StandardInput is not null)
        {
            await process.StandardInput.WriteAsync(invocation.StandardInput);
            process.StandardInput.Close();
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (invocation.Timeout is { } limit)
        {
            timeout.CancelAfter(limit);
        }

        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw new ToolException($"'{invocation.Render()}' did not finish within {invocation.Timeout} and was stopped.");
        }

        // WaitForExitAsync returns once the streams hit EOF as well, so both buffers are complete here.
        var result = new ToolResult(invocation, process.ExitCode, stdout.ToString(), stderr.ToString(), stopwatch.Elapsed);
        Log.Debug("< {Tool} exited {ExitCode} after {Duration:0.0}s", invocation.FileName, result.ExitCode, result.Duration.TotalSeconds);
        return result;
    }

    private static void Collect(ToolInvocation invocation, StringBuilder buffer, string? line)
    {
        if (line is null)
        {
            return;
        }

        var masked = Mask(invocation, line);
        lock (buffer)
        {
            buffer.Append(masked).Append('\n');
        }

        if (!invocation.LogOutput)
        {
            Log.Verbose("{Line}", masked);
        }
        else
        {
            // Most tools (docker, git) write progress to stderr; it is not an error until the exit code says so.
            Log.Information("{Line}", masked);
        }
    }

    private static string Mask(ToolInvocation invocation, string text)
    {
        foreach (var secret in invocation.Secrets.Where(s => !string.IsNullOrEmpty(s)))
        {
            text = text.Replace(secret, SecretMasker.Mask, StringComparison.Ordinal);
        }

        return SecretMasker.Apply(text);
    }
}
