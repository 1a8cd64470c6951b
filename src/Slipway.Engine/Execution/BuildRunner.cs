using Serilog;
using Serilog.Events;
using Slipway.Engine.Caching;
using Slipway.Engine.Cli;
using Slipway.Engine.GitHubActions;
using Slipway.Engine.Hosts;
using Slipway.Engine.IO;
using Slipway.Engine.Logging;
using Slipway.Engine.Parameters;
using Slipway.Engine.Planning;
using Slipway.Engine.Reporting;

namespace Slipway.Engine.Execution;

/// <summary>
/// One run of a build, start to exit code: choose the host, read the arguments, build the target graph, bind
/// parameters, then help, plan or execute. Every invocation error is reported before any target runs (exit 2).
/// </summary>
public static class BuildRunner
{
    public static int Run(Func<SlipwayBuild> createBuild, Func<SlipwayBuild, Target>? defaultTarget, BuildRunOptions options)
    {
        ArgumentNullException.ThrowIfNull(createBuild);
        ArgumentNullException.ThrowIfNull(options);
        var host = CreateHost(options);
        SecretMasker.SecretRegistered += host.RegisterSecret;
        foreach (var secret in SecretMasker.Secrets)
        {
            host.RegisterSecret(secret);
        }

        var previousLogger = Log.Logger;
        var level = new Serilog.Core.LoggingLevelSwitch(LogEventLevel.Information);
        Log.Logger = new LoggerConfiguration().MinimumLevel.ControlledBy(level).WriteTo.Sink(new HostSink(host)).CreateLogger();
        try
        {
            return RunAsync(createBuild, defaultTarget, options, host, level).GetAwaiter().GetResult();
        }
        catch (BuildFailedException exception)
        {
            host.WriteLog(LogEventLevel.Error, exception.Message);
            return exception.ExitCode;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // A fault in the build class or the engine itself, outside any target.
            host.WriteLog(LogEventLevel.Error, exception.ToString());
            return ExitCodes.TargetFailed;
        }
        finally
        {
            (host as TerminalHost)?.StopLiveView();
            Log.Logger = previousLogger;
            SecretMasker.SecretRegistered -= host.RegisterSecret;
        }
    }

    private static async Task<int> RunAsync(
        Func<SlipwayBuild> createBuild,
        Func<SlipwayBuild, Target>? defaultTarget,
        BuildRunOptions options,
        BuildHost host,
        Serilog.Core.LoggingLevelSwitch level)
    {
        var commandLine = CommandLine.Parse(options.Arguments);
        var build = createBuild();
        var parameters = ParameterBinder.Discover(build.GetType());
        var invocation = ArgumentBinder.Bind(commandLine, parameters);
        var verbosity = ParseVerbosity(invocation.Verbosity);
        level.MinimumLevel = verbosity switch
        {
            Verbosity.Quiet => LogEventLevel.Error,
            Verbosity.Minimal => LogEventLevel.Warning,
            Verbosity.Verbose => LogEventLevel.Verbose,
            _ => LogEventLevel.Information,
        };

        host.Verbosity = verbosity;
        var root = FindRoot(invocation.Root, options.WorkingDirectory);
        var context = new BuildContext(root, host, options.Environment) { Verbosity = verbosity };
        build.Context = context;
        var planAsJson = invocation.Plan && invocation.Json;
        if (!invocation.NoLogo && verbosity >= Verbosity.Normal && !invocation.Help && !planAsJson)
        {
            host.WriteLogo();
        }

        var graph = TargetGraph.Create(build, defaultTarget?.Invoke(build));
        context.Graph = graph;
        var defaults = parameters.ToDictionary(p => p.Name, p => ParameterBinder.ReadValue(build, p));
        var binder = new ParameterBinder(root, options.Environment);
        context.Parameters = binder.Bind(build, parameters, invocation.ParameterValues, invocation.Profiles);
        foreach (var warning in binder.Warnings)
        {
            Log.Warning("{Warning}", warning);
        }

        WriteIfChanged(root / ".nuke" / "build.schema.json", SchemaWriter.Render(parameters));
        if (invocation.Help)
        {
            options.Output.Write(HelpWriter.Render(graph, parameters, defaults));
            return ExitCodes.Success;
        }

        if (invocation.GenerateWorkflows)
        {
            return WorkflowSync.Write(root, WorkflowGenerator.GenerateFiles(build.GetType(), graph, parameters, root));
        }

        var plan = ExecutionPlanner.Plan(graph, invocation.Targets, invocation.Skip);
        context.InvokedTargets = [.. plan.Invoked.Select(t => t.Name)];
        if (planAsJson)
        {
            // Stdout is the JSON document alone: the engine's own log lines would corrupt it.
            level.MinimumLevel = LogEventLevel.Fatal;
            TargetExecutor.ApplyStaticConditions(plan);
            var planCache = invocation.NoCache ? null : new TargetCache(root, "plan");
            options.Output.Write(PlanWriter.RenderJson(plan, invocation.Parallelism ?? options.ProcessorCount, planCache));
            return ExitCodes.Success;
        }

        if (invocation.Plan)
        {
            var page = (root / ".nuke" / "temp").CreateDirectory() / "plan.html";
            File.WriteAllText(page, PlanWriter.RenderHtml(graph, plan));
            options.Output.Write(PlanWriter.RenderText(plan));
            options.Output.WriteLine($"Graph: {page.GetRelativePathFrom(root)}");
            return ExitCodes.Success;
        }

        RequirementChecker.Check(plan, parameters);

        // A run that executes targets first checks the committed workflows (after every invocation error, which is exit 2);
        // --help and --plan only inform.
        if (WorkflowSync.Check(root, build.GetType(), () => WorkflowGenerator.GenerateFiles(build.GetType(), graph, parameters, root), context.IsServerBuild) is { } driftExitCode)
        {
            return driftExitCode;
        }

        var started = DateTimeOffset.UtcNow;
        var run = new RunSettings(
            started.ToString("yyyyMMdd'T'HHmmss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
            started,
            [.. plan.Invoked.Select(t => t.Name)],
            invocation.Parallelism ?? options.ProcessorCount,
            CacheEnabled: !invocation.NoCache);
        var history = new RunHistory(root);
        var earlier = history.Load();
        if (host is TerminalHost terminal && options.OutputIsTerminal && !context.IsServerBuild && verbosity >= Verbosity.Normal)
        {
            terminal.StartLiveView(new LiveView(plan.Targets, RunHistory.Estimates(earlier), run.Parallelism));
        }

        var cache = run.CacheEnabled ? new TargetCache(root, run.RunId) : null;
        context.Steps = new StepCache(cache);
        context.Parallelism = run.Parallelism;
        BuildProgress.Attach(host);
        BuildSummary summary;
        try
        {
            summary = await TargetExecutor.ExecuteAsync(plan, host, run.Parallelism, cache);
        }
        finally
        {
            BuildProgress.Attach(null);
        }

        var report = RunHistory.Create(summary, run, earlier.Count > 0 ? earlier[0] : null);
        history.Save(report);
        host.WriteSummary(summary with
        {
            Changes = report.Targets.Where(t => t.ChangeSeconds is not null).ToDictionary(t => t.Name, t => TimeSpan.FromSeconds(t.ChangeSeconds!.Value)),
            TotalChange = report.DurationChangeSeconds is { } total ? TimeSpan.FromSeconds(total) : null,
        });
        return summary.ExitCode;
    }

    private static BuildHost CreateHost(BuildRunOptions options)
    {
        if (string.Equals(options.Environment.GetValueOrDefault("GITHUB_ACTIONS"), "true", StringComparison.OrdinalIgnoreCase))
        {
            return new GitHubActionsHost(options.Output, options.Environment.GetValueOrDefault("GITHUB_STEP_SUMMARY"));
        }

        var color = options.OutputIsTerminal && !options.Environment.ContainsKey("NO_COLOR");
        return new TerminalHost(options.Output, color);
    }

    private static Verbosity ParseVerbosity(string? text)
    {
        if (text is null)
        {
            return Verbosity.Normal;
        }

        try
        {
            return (Verbosity)new ParameterValueConverter(AbsolutePath.Create(Path.GetTempPath())).Convert(typeof(Verbosity), [text])!;
        }
        catch (ParameterConversionException exception)
        {
            throw new BuildDefinitionException($"Invalid value '{text}' for --verbosity: expected {exception.Expectation}.");
        }
    }

    private static AbsolutePath FindRoot(string? requested, string workingDirectory)
    {
        var start = AbsolutePath.Resolve(requested ?? ".", AbsolutePath.Create(workingDirectory));
        if (requested is not null)
        {
            return start.DirectoryExists
                ? start
                : throw new BuildDefinitionException($"--root {requested}: no such directory.");
        }

        for (var directory = start; directory is not null; directory = directory.Parent)
        {
            if ((directory / ".nuke").DirectoryExists)
            {
                return directory;
            }
        }

        throw new BuildDefinitionException(
            $"Could not find the repository root: no .nuke folder in {start} or above. Run from inside the repository or pass --root <path>.");
    }

    private static void WriteIfChanged(AbsolutePath file, string content)
    {
        if (!file.FileExists || File.ReadAllText(file) != content)
        {
            file.Parent?.CreateDirectory();
            File.WriteAllText(file, content);
        }
    }
}
