using System.Text.RegularExpressions;
using Polly;
using Polly.Retry;
using Serilog;
using Slipway.Delivery.Docker;
using Slipway.Engine;
using Slipway.Engine.Logging;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Image;

/// <summary>
/// The Push stage: logs in if asked, pushes every tag of the built image (retrying transient registry errors with
/// exponential backoff), then reads the manifest digest back from the registry and records it in <c>image.json</c>,
/// so deploys go by digest rather than by a tag that can move. A login goes to a private <c>DOCKER_CONFIG</c> for
/// this push alone, deleted afterwards: the credentials never reach the user's own Docker config.
/// </summary>
internal sealed partial class ImagePusher(DockerEngine engine, RegistryClient registry)
{
    public async Task<ImageRecord> PushAsync(ImagePushRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var record = await ImageRecordFile.ReadAsync(request.RecordPath, cancellationToken);
        var name = new ImageName(record.Registry, record.Repository);
        var credentials = request.Credentials;
        if (credentials is null)
        {
            return await PushAsync(engine, request, record, name, cancellationToken);
        }

        if (string.IsNullOrWhiteSpace(credentials.Username) || string.IsNullOrEmpty(credentials.Password))
        {
            throw BuildFailedException.BadInput("Registry credentials need both a username and a password (or neither, to use the Docker credential store).");
        }

        SecretMasker.Register(credentials.Password);
        var config = Directory.CreateTempSubdirectory("slipway-docker-config-");
        try
        {
            var loggedIn = engine.WithConfig(config.FullName);
            await RunAsync(loggedIn, CreatePipeline(request.Retry), loggedIn.Images.Login(name.Registry, credentials.Username, credentials.Password),
                name, record.References[0], credentials, request.Retry, cancellationToken);
            return await PushAsync(loggedIn, request, record, name, cancellationToken);
        }
        finally
        {
            // The folder holds the login; nothing of it outlives the push.
            config.Delete(recursive: true);
        }
    }

    private async Task<ImageRecord> PushAsync(DockerEngine pusher, ImagePushRequest request, ImageRecord record, ImageName name, CancellationToken cancellationToken)
    {
        var credentials = request.Credentials;
        var pipeline = CreatePipeline(request.Retry);
        string? reportedDigest = null;
        // A multi-platform image was pushed by the build itself (the engine cannot hold it); only its digest is read here.
        if (record.ImageId is not null)
        {
            foreach (var reference in record.References)
            {
                BuildProgress.Report($"push {record.References.ToList().IndexOf(reference) + 1}/{record.References.Count}: {reference}");
                var result = await RunAsync(pusher, pipeline, pusher.Images.Push(reference), name, reference, credentials, request.Retry, cancellationToken);
                reportedDigest ??= ParseReportedDigest(result.StandardOutput);
            }
        }

        else if (record.PlatformImages.Count > 0 && record.PlatformImages.All(p => p.Reference is not null && p.ImageId is not null))
        {
            await PushIndexAsync(pusher, pipeline, request, record, name, cancellationToken);
        }

        var digest = await ReadDigestAsync(name, record.Tags, credentials, reportedDigest, cancellationToken);
        var platformImages = await ReadPlatformDigestsAsync(name, digest, record.PlatformImages, credentials, cancellationToken);
        var pushed = record with
        {
            Digest = digest,
            DigestReference = name.WithDigest(digest),
            PushedAt = DateTimeOffset.UtcNow,
            PlatformImages = platformImages,
        };
        await ImageRecordFile.WriteAsync(request.RecordPath, pushed, cancellationToken);
        Log.Information("Pushed {Reference}", pushed.DigestReference);
        return pushed;
    }

    /// <summary>
    /// Without buildx: pushes each platform's image under its own tag, then publishes an OCI index naming their
    /// manifests under every tag of the record, through the registry API (what buildx's push does in one step).
    /// </summary>
    private async Task PushIndexAsync(
        DockerEngine pusher, ResiliencePipeline pipeline, ImagePushRequest request, ImageRecord record, ImageName name, CancellationToken cancellationToken)
    {
        var credentials = request.Credentials;
        var manifests = new List<(ImagePlatform, RegistryManifest)>();
        foreach (var platform in record.PlatformImages)
        {
            var reference = platform.Reference!;
            BuildProgress.Report($"push {platform.Platform}: {reference}");
            await RunAsync(pusher, pipeline, pusher.Images.Push(reference), name, reference, credentials, request.Retry, cancellationToken);
            var tag = reference[(reference.LastIndexOf(':') + 1)..];
            var manifest = await registry.FindManifestAsync(name, tag, credentials, cancellationToken)
                ?? throw new BuildFailedException($"Pushed {reference}, but registry {name.Registry} does not serve its manifest.");
            manifests.Add((ImagePlatform.Parse(platform.Platform), manifest));
        }

        var index = OciImageIndex.Create(manifests);
        foreach (var tag in record.Tags)
        {
            var put = await registry.PutManifestAsync(name, tag, index, OciImageIndex.MediaType, credentials, cancellationToken);
            if (!put.Found)
            {
                throw new BuildFailedException(
                    $"Publishing the image index of {string.Join(", ", record.Platforms)} as {name.WithTag(tag)} failed: registry {name.Registry} answered HTTP {put.StatusCode} (PUT {put.Url}).");
            }
        }

        Log.Information("Published the index of {Platforms} as {Tags}", string.Join(", ", record.Platforms), string.Join(", ", record.Tags));
    }

    /// <summary>Each platform's manifest digest as the pushed index names it (a host deploys its own architecture's).</summary>
    private async Task<IReadOnlyList<ImageRecordPlatform>> ReadPlatformDigestsAsync(
        ImageName name, string digest, IReadOnlyList<ImageRecordPlatform> platforms, RegistryCredentials? credentials, CancellationToken cancellationToken)
    {
        if (platforms.Count == 0)
        {
            return platforms;
        }

        var index = await registry.FindManifestAsync(name, digest, credentials, cancellationToken);
        if (index is null || !OciImageIndex.IsIndex(index.MediaType))
        {
            throw new BuildFailedException($"{name.WithDigest(digest)} is not an image index ({index?.MediaType ?? "not found"}), yet the build was for {string.Join(", ", platforms.Select(p => p.Platform))}.");
        }

        var listed = OciImageIndex.ReadPlatforms(index.Content).ToDictionary(p => p.Platform, p => p.Digest, StringComparer.Ordinal);
        return [.. platforms.Select(p => listed.TryGetValue(p.Platform, out var d)
            ? p with { Digest = d, DigestReference = name.WithDigest(d) }
            : throw new BuildFailedException($"The index {name.WithDigest(digest)} lists no {p.Platform} image."))];
    }

    /// <summary>The digest <c>docker push</c> prints last: <c>main: digest: sha256:... size: 1234</c>.</summary>
    internal static string? ParseReportedDigest(string pushOutput)
    {
        var match = ReportedDigest().Match(pushOutput ?? string.Empty);
        return match.Success ? match.Groups[1].Value : null;
    }

    private static ResiliencePipeline CreatePipeline(PushRetryOptions retry)
    {
        if (retry.MaxRetries <= 0)
        {
            return ResiliencePipeline.Empty;
        }

        return new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<TransientRegistryException>(),
                MaxRetryAttempts = retry.MaxRetries,
                Delay = retry.BaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = args =>
                {
                    Log.Warning("Registry error, try {Attempt} of {Tries} in {Delay:0.0}s: {Error}",
                        args.AttemptNumber + 2, retry.MaxRetries + 1, args.RetryDelay.TotalSeconds, args.Outcome.Exception?.Message);
                    return default;
                },
            })
            .Build();
    }

    private async Task<ToolResult> RunAsync(
        DockerEngine pusher, ResiliencePipeline pipeline, ToolInvocation command, ImageName name, string reference,
        RegistryCredentials? credentials, PushRetryOptions retry, CancellationToken cancellationToken)
    {
        try
        {
            return await pipeline.ExecuteAsync(
                async token =>
                {
                    var result = await pusher.TryRunAsync(command, token);
                    if (result.Succeeded)
                    {
                        return result;
                    }

                    var kind = RegistryErrorClassifier.Classify(result.StandardError + "\n" + result.StandardOutput);
                    if (kind == RegistryFailureKind.Transient)
                    {
                        throw new TransientRegistryException(result);
                    }

                    throw await FailureAsync(result, kind, name, reference, credentials, tries: 1, token);
                },
                cancellationToken);
        }
        catch (TransientRegistryException exception)
        {
            throw await FailureAsync(exception.Result, RegistryFailureKind.Transient, name, reference, credentials, retry.MaxRetries + 1, cancellationToken);
        }
    }

    private async Task<BuildFailedException> FailureAsync(
        ToolResult result, RegistryFailureKind kind, ImageName name, string reference, RegistryCredentials? credentials, int tries,
        CancellationToken cancellationToken)
    {
        // Docker's message rarely carries the status; ask the registry itself so the message can name it.
        var probe = await registry.ProbeAsync(name.Registry, credentials, cancellationToken);
        var dockerSaid = LastLine(result.StandardError) ?? LastLine(result.StandardOutput) ?? $"exit code {result.ExitCode}";
        var action = result.Invocation.Arguments.Count > 0 && result.Invocation.Arguments[0] == "login"
            ? $"Logging in (to push {reference}) to"
            : $"Pushing {reference} to";
        var advice = kind switch
        {
            RegistryFailureKind.Unauthorized => credentials is null
                ? $"Pass a username and password, or run 'docker login {name.Registry}'."
                : "Check the username and password (not retried: the same credentials would be refused again).",
            RegistryFailureKind.Transient => "Check that the registry is running and reachable from this machine.",
            _ => "Check the image reference and the registry's log.",
        };
        var attempts = tries == 1 ? "" : $" after {tries} tries";
        return new BuildFailedException($"{action} registry {name.Registry} failed{attempts}: {probe}. Docker said: \"{dockerSaid.TrimEnd('.')}\". {advice}");
    }

    private async Task<string> ReadDigestAsync(
        ImageName name, IReadOnlyList<string> tags, RegistryCredentials? credentials, string? reportedDigest, CancellationToken cancellationToken)
    {
        string? digest = null;
        foreach (var tag in tags)
        {
            var lookup = await registry.GetManifestDigestAsync(name, tag, credentials, cancellationToken);
            string found;
            if (lookup.Found)
            {
                found = lookup.Digest!;
            }
            else if (lookup.StatusCode == 401 && credentials is null && reportedDigest is not null)
            {
                // The CLI's credential store is not ours to read; fall back to the digest the push itself reported.
                Log.Warning("{Registry} wants credentials to read manifests; using the digest docker push reported", name.Registry);
                found = reportedDigest;
            }
            else
            {
                throw new BuildFailedException(
                    $"Pushed {name.WithTag(tag)}, but reading its manifest back from registry {name.Registry} got HTTP {lookup.StatusCode} (HEAD {lookup.Url}).");
            }

            if (digest is not null && !digest.Equals(found, StringComparison.Ordinal))
            {
                throw new BuildFailedException(
                    $"The tags of {name} point to different manifests ({digest} and {found} for '{tag}'): another push raced this one.");
            }

            digest = found;
        }

        return digest ?? throw new BuildFailedException($"The image record for {name} lists no tags.");
    }

    private static string? LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();

    [GeneratedRegex(@"digest: (sha256:[0-9a-f]{64})")]
    private static partial Regex ReportedDigest();
}
