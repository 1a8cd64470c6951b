using System.Text.Json;
using Slipway.Delivery.Deploy;
using Slipway.Delivery.Docker;
using Slipway.Engine;

namespace Slipway.Delivery.Rehearsal;

/// <summary>
/// The deliberately broken build of a rehearsal: the current image itself with one environment setting that makes the
/// app fail once it serves (<c>FAIL_PERCENT=100</c> for the tests' stand-in) and a label saying so — a new digest the
/// deploy really ships (the same digest would be "already serving"), reporting the same version, so the readiness gate
/// and its version probe pass and only the bake after the switch can catch it. Nothing is rebuilt from source: what
/// breaks is exactly the setting.
/// </summary>
internal static class BrokenBuild
{
    /// <summary>The label that marks a rehearsal's broken build (its value: the fault setting's name).</summary>
    public const string Label = "org.slipway.rehearsal-fault";

    /// <summary>The Dockerfile of the broken build, from the current image's digest reference (pure).</summary>
    public static string Dockerfile(DeployImage current, string faultName, string faultValue)
    {
        ArgumentNullException.ThrowIfNull(current);
        return $"FROM {current.Reference}\nENV {faultName}={faultValue}\nLABEL {Label}={faultName}\n";
    }

    /// <summary>The fault setting, <c>NAME=VALUE</c>, split; anything else is bad input (exit 2) naming the form.</summary>
    public static (string Name, string Value) ParseFault(string setting)
    {
        var parts = (setting ?? string.Empty).Split('=', 2);
        return parts.Length == 2 && parts[0].Length > 0 && parts[0].All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && !parts[1].Contains('\n', StringComparison.Ordinal)
            ? (parts[0], parts[1])
            : throw BuildFailedException.BadInput(
                $"--rehearsal-fault '{setting}' is not NAME=VALUE: give the environment setting that makes your app fail once it serves, e.g. --rehearsal-fault FAIL_PERCENT=100.");
    }

    /// <summary>Builds the broken image on <paramref name="host"/>, pushes it beside the current one and returns its digest reference.</summary>
    public static async Task<DeployImage> BuildAndPushAsync(DockerEngine host, DeployImage current, string faultName, string faultValue, string scratchDirectory)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(current);
        // The environment's engine with a client that can build (buildx or the classic BuildKit front door).
        var engine = await host.ForBuildsAsync();
        var context = Directory.CreateDirectory(Path.Combine(scratchDirectory, "rehearsal-" + Guid.NewGuid().ToString("N")[..8]));
        try
        {
            await File.WriteAllTextAsync(Path.Combine(context.FullName, "Dockerfile"), Dockerfile(current, faultName, faultValue));
            var tag = $"{current.Name.Registry}/{current.Name.Repository}:rehearsal-broken";
            await engine.RunAsync(engine.Images.Build(new DockerBuildSettings { ContextDirectory = context.FullName, Tags = [tag] }));
            await engine.RunAsync(engine.Images.Push(tag));
            var digests = await engine.RunAsync(engine.Images.Inspect(tag, "{{json .RepoDigests}}"));
            var prefix = $"{current.Name.Registry}/{current.Name.Repository}@";
            var pushed = JsonSerializer.Deserialize<string[]>(digests.StandardOutput)?.FirstOrDefault(d => d.StartsWith(prefix, StringComparison.Ordinal))
                ?? throw new BuildFailedException($"The broken build {tag} was pushed but the engine shows no digest for it in {prefix[..^1]}.");
            return DeployImage.FromReference(pushed);
        }
        finally
        {
            context.Delete(recursive: true);
        }
    }
}
