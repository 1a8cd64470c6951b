using System.Globalization;
using Catalog.Api.Configuration;
using Serilog;
using Serilog.Extensions.Logging;

namespace Catalog.Api.Observability;

/// <summary>
/// The Serilog logger behind Microsoft.Extensions.Logging: JSON lines on stdout in containers, readable lines in a
/// terminal. Levels are filtered by the usual <c>Logging:LogLevel</c> settings, so Serilog itself passes everything.
/// </summary>
internal static class CatalogLogging
{
    private const string TextTemplate =
        "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    /// <summary>
    /// The provider for Microsoft.Extensions.Logging. Added as a plain provider rather than with AddSerilog(), which
    /// registers a Trace-level filter for Serilog that overrides every <c>Logging:LogLevel</c> category.
    /// </summary>
    public static SerilogLoggerProvider CreateProvider(LogFormat format) => new(CreateLogger(format), dispose: true);

    public static Serilog.Core.Logger CreateLogger(LogFormat format)
    {
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Verbose()
            .Enrich.FromLogContext()
            .Enrich.WithProperty("Service", Status.BuildInfo.ServiceName);
        configuration = format == LogFormat.Json
            ? configuration.WriteTo.Console(new ClefJsonFormatter())
            : configuration.WriteTo.Console(outputTemplate: TextTemplate, formatProvider: CultureInfo.InvariantCulture);
        return configuration.CreateLogger();
    }
}
