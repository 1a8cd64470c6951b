using System.Collections.Concurrent;
using System.Diagnostics;

namespace Catalog.Api.Tests.Infrastructure;

/// <summary>
/// The real service binary (<c>dotnet Catalog.Api.dll ...</c>) as a child process, started from the test's output
/// folder the way the container starts it from /app, with a clean environment plus the test's variables.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    // Variables that would make a child pick up the machine's configuration instead of the test's.
    private static readonly string[] InheritedPrefixes =
        ["ASPNETCORE_", "DOTNET_ENVIRONMENT", "DOTNET_RUNNING_IN_CONTAINER", "DOTNET_HTTP_PORTS", "ConnectionStrings__",
         "DATABASE_URL", "Database__", "Logging__", "Shutdown__", "JWT_", "AUTH_REQUIRED", "RATE_LIMIT_", "CORS_ORIGINS"];

    private readonly Process process;
    private readonly ConcurrentQueue<string> standardOutput = new();
    private readonly ConcurrentQueue<string> standardError = new();

    private ServiceProcess(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, line) => { if (line.Data is not null) { standardOutput.Enqueue(line.Data); } };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) { standardError.Enqueue(line.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public static string ApplicationDirectory => AppContext.BaseDirectory;

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    public IReadOnlyList<string> StandardOutput => [.. standardOutput];

    public IReadOnlyList<string> StandardError => [.. standardError];

    public string AllOutput => string.Join('\n', StandardOutput.Concat(StandardError));

    public static ServiceProcess Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = ApplicationDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(Path.Combine(ApplicationDirectory, "Catalog.Api.dll"));
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var name in startInfo.Environment.Keys.ToList())
        {
            if (InheritedPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            {
                startInfo.Environment.Remove(name);
            }
        }

        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException("dotnet did not start");
        process.StandardInput.Close();
        return new ServiceProcess(process);
    }

    /// <summary>Runs a command to completion (e.g. <c>migrate</c>) and returns the process for its exit code and output.</summary>
    public static async Task<ServiceProcess> RunAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment)
    {
        var service = Start(arguments, environment);
        await service.WaitForExitAsync();
        return service;
    }

    public int ExitCode => process.ExitCode;

    public async Task<int> WaitForExitAsync()
    {
        using var timeout = new CancellationTokenSource(ExitTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"catalog-api did not exit within {ExitTimeout.TotalSeconds} s. Output:\n{AllOutput}");
        }

        // WaitForExitAsync returns once the pipes close too, so all output has been read.
        return process.ExitCode;
    }

    /// <summary>Polls <c>/health/ready</c> until it answers 200; fails with the process output if it exits or never does.</summary>
    public async Task WaitUntilReadyAsync(int port)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                Assert.Fail($"catalog-api exited with {process.ExitCode} before becoming ready. Output:\n{AllOutput}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{port}/health/ready"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening but slow to answer during startup.
            }

            await Task.Delay(100);
        }

        Assert.Fail($"catalog-api was not ready on port {port} within 60 s. Output:\n{AllOutput}");
    }

    /// <summary>SIGTERM, as <c>docker stop</c> and the deploy stage send it.</summary>
    public void Terminate()
    {
        Assert.That(NativeMethods.Kill(process.Id, NativeMethods.SigTerm), Is.Zero, "kill(SIGTERM) failed");
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }
}
