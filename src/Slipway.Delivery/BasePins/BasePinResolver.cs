using System.Net.Sockets;
using Slipway.Delivery.Image;
using Slipway.Engine;

namespace Slipway.Delivery.BasePins;

/// <summary>
/// Asks each pin's registry which digest its tag names now: a HEAD of the manifest with the index types accepted first,
/// so a multi-platform tag answers with its index digest (<c>Docker-Content-Digest</c>), as <c>docker buildx imagetools
/// inspect</c> prints it. Anonymous (with the registries' token flow, as MCR and Docker Hub ask) except on the one
/// registry a login is given for, so the pipeline's own registry token is never sent to another registry.
/// </summary>
internal static class BasePinResolver
{
    public static async Task<IReadOnlyList<BasePinStatus>> ResolveAsync(
        IReadOnlyList<DockerfilePin> pins,
        string fileName,
        ScopedRegistryLogin? login,
        TimeSpan timeout,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pins);
        using var registry = new RegistryClient(timeout);
        var problems = new List<(string Text, bool BadInput)>();
        var statuses = new List<BasePinStatus>();
        var answered = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pin in pins)
        {
            var name = BaseImageRegistry.ApiName(pin, fileName);
            var where = $"{fileName} line {pin.LineNumber} (ARG {pin.Argument}, {pin.TaggedImage})";
            if (answered.TryGetValue(pin.TaggedImage, out var known))
            {
                statuses.Add(new BasePinStatus(pin, known));
                continue;
            }

            var credentials = login is not null && string.Equals(login.Registry, name.Registry, StringComparison.OrdinalIgnoreCase) ? login.Credentials : null;
            try
            {
                var lookup = await registry.GetManifestDigestAsync(name, pin.Tag, credentials, cancellationToken);
                if (lookup.Found)
                {
                    answered[pin.TaggedImage] = lookup.Digest!;
                    statuses.Add(new BasePinStatus(pin, lookup.Digest!));
                    continue;
                }

                problems.Add(lookup.StatusCode switch
                {
                    404 => ($"{where}: {name.Registry} has no tag '{pin.Tag}' in {name.Repository} (HTTP 404 from {lookup.Url}). Fix the tag in that line.", true),
                    401 or 403 => ($"{where}: {name.Registry} refused to say what the tag names (HTTP {lookup.StatusCode}). A private registry needs " +
                                   "a login: set --registry to it with REGISTRY_USERNAME and REGISTRY_PASSWORD (environment only).", true),
                    _ => ($"{where}: {name.Registry} answered HTTP {lookup.StatusCode} to {lookup.Url}. Re-run when the registry answers.", false),
                });
            }
            catch (HttpRequestException exception) when (exception.InnerException is SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData })
            {
                problems.Add(($"{where}: no registry '{name.Registry}' is known to DNS ({exception.Message}). Fix the image's registry in that line, or check this machine's DNS.", true));
            }
            catch (HttpRequestException exception)
            {
                problems.Add(($"{where}: the registry {RegistryClient.BaseUri(name.Registry)} is unreachable ({exception.InnerException?.Message ?? exception.Message}). " +
                              "Check the network or proxy (HTTPS_PROXY) to it, then re-run.", false));
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                problems.Add(($"{where}: the registry {RegistryClient.BaseUri(name.Registry)} did not answer within {timeout.TotalSeconds:0} s. " +
                              "Check the network or proxy to it, then re-run.", false));
            }
        }

        if (problems.Count > 0)
        {
            var message = "The base image pins cannot be refreshed; nothing was changed:" + string.Concat(problems.Select(p => Environment.NewLine + "  - " + p.Text));
            // A name, tag or login the user got wrong is bad input (exit 2); a registry that does not answer is a failed run.
            throw problems.TrueForAll(p => p.BadInput)
                ? BuildFailedException.BadInput(message)
                : new BuildFailedException(ExitCodes.TargetFailed, message);
        }

        return statuses;
    }
}
