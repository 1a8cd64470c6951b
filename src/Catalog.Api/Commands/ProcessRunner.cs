using System.Diagnostics;

namespace Catalog.Api.Commands;

/// <summary>
/// Runs a <see cref="ProcessInvocation"/> to completion. The service does not reference the pipeline's ToolRunner
/// (it ships alone in its image), so this is its own few lines: arguments passed as a list, no shell, stdin closed.
/// </summary>
internal static class ProcessRunner
{
    public static async Task<ProcessResult> RunAsync(ProcessInvocation invocation, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(invocation.FileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in invocation.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in invocation.Environment)
        {
            startInfo.Environment[name] = value;
        }

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"{invocation.FileName} did not start.");
        process.StandardInput.Close();
        var standardOutput = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var standardError = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new ProcessResult(process.ExitCode, (await standardError).Trim(), await standardOutput);
    }
}
