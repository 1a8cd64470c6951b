using System.Runtime.InteropServices;
using Catalog.Api.Configuration;
using Catalog.Api.Hosting;
using Catalog.Api.Observability;

namespace Catalog.Api.Commands;

/// <summary>
/// Runs the operational commands the deploy stage calls (<c>migrate [--backup-to &lt;file&gt;]</c>, <c>backup --to &lt;file&gt;</c>,
/// <c>restore --from &lt;file&gt;</c>) and the background <c>worker</c> role with the
/// service's own configuration and logging, without starting the web host.
/// </summary>
internal static class CatalogCommands
{
    public static bool Handles(IReadOnlyList<string> args) => args is [MigrateCommand.Name or BackupCommand.Name or RestoreCommand.Name or WorkerCommand.Name, ..];

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var (configuration, environmentName, contentRoot) = CatalogConfiguration.Load();
        CatalogSettings settings;
        string? backupTarget = null;
        string? migrateBackupTarget = null;
        string? restoreSource = null;
        WorkerSettings? worker = null;
        try
        {
            settings = CatalogSettingsReader.Read(configuration, environmentName, contentRoot);
            if (args[0] == WorkerCommand.Name)
            {
                worker = args.Count == 1 ? WorkerSettings.Read(configuration) : throw new FormatException("usage: worker (configure it with WORKER_BATCH_SIZE and WORKER_INTERVAL_SECONDS)");
            }
            else if (args[0] == BackupCommand.Name)
            {
                backupTarget = BackupCommand.ParseTarget([.. args.Skip(1)]);
            }
            else if (args[0] == RestoreCommand.Name)
            {
                restoreSource = RestoreCommand.ParseSource([.. args.Skip(1)]);
            }
            else
            {
                migrateBackupTarget = MigrateCommand.ParseBackupTarget([.. args.Skip(1)]);
            }
        }
        catch (InvalidConfigurationException ex)
        {
            await Console.Error.WriteLineAsync($"catalog-api {args[0]}: invalid configuration:{Environment.NewLine}{ex.Message}");
            return ServiceExitCodes.InvalidConfiguration;
        }
        catch (FormatException ex)
        {
            await Console.Error.WriteLineAsync($"catalog-api {args[0]}: {ex.Message}");
            return ServiceExitCodes.InvalidConfiguration;
        }

        using var cancellation = new CancellationTokenSource();
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
        using var loggerFactory = LoggerFactory.Create(logging => logging
            .AddConfiguration(configuration.GetSection("Logging"))
            .AddProvider(CatalogLogging.CreateProvider(settings.LogFormat)));
        try
        {
            var searchPath = Environment.GetEnvironmentVariable("PATH");
            if (worker is not null)
            {
                return await WorkerCommand.RunAsync(settings.Database, worker, loggerFactory, cancellation.Token);
            }

            if (restoreSource is not null)
            {
                return await RestoreCommand.RunAsync(settings.Database, restoreSource, searchPath, loggerFactory, cancellation.Token);
            }

            return backupTarget is null
                ? await MigrateCommand.RunAsync(settings.Database, migrateBackupTarget, searchPath, loggerFactory, cancellation.Token)
                : await BackupCommand.RunAsync(settings.Database, backupTarget, searchPath, loggerFactory, cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"catalog-api {args[0]}: cancelled");
            return ServiceExitCodes.Failure;
        }

        void Cancel(PosixSignalContext context)
        {
            context.Cancel = true;
            cancellation.Cancel();
        }
    }
}
