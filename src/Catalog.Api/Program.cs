using Catalog.Api.Commands;
using Catalog.Api.Hosting;

// One binary, several entry points: the Dockerfile's HEALTHCHECK and the deploy stage call the commands;
// anything else starts the web server. healthcheck comes first and builds nothing: Docker runs it every few seconds.
if (args is [HealthcheckCommand.Name, .. var probeArgs])
{
    return await HealthcheckCommand.RunAsync(probeArgs, Console.Out);
}

if (CatalogCommands.Handles(args))
{
    return await CatalogCommands.RunAsync(args);
}

return await CatalogApplication.RunAsync(args);

/// <summary>Entry point type, public so integration tests can host the app.</summary>
public partial class Program;
