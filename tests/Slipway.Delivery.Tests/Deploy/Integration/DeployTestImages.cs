using System.Text.Json;
using Slipway.Delivery.Docker;
using Slipway.Delivery.Image;
using Slipway.Delivery.LocalInfra;
using Slipway.Delivery.Tests.Docker;

namespace Slipway.Delivery.Tests.Deploy.Integration;

/// <summary>
/// The images the deploy tests ship, built once per test run on first use and pushed to the local registry, so every
/// deploy goes by digest as in production: the stand-in variants (about a second each) and two versions of the real
/// Catalog.Api built from the root Dockerfile (the restore layer is cached, so about 20 s each).
/// </summary>
internal static class DeployTestImages
{
    public const string StandInRepository = "slipway-tests/deploy-standin";
    public const string CatalogRepository = "slipway-tests/deploy-catalog";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    // Tags only, never digest references: a stand-in built by two test processes at once (the test projects run side
    // by side) is one image with one digest, so removing "repo@sha256:…" here would take it from the other process
    // mid-test. The engine drops a digest reference itself once no tag of its repository holds the image.
    private static readonly List<string> Built = [];
    private static Dictionary<string, string>? standIns;
    private static Dictionary<string, string>? catalog;

    /// <summary>Digest references of the stand-in variants by tag (v1, v2, v3, v4, never-ready, fivexx, bad-migration, bad-backup, crash).</summary>
    public static async Task<IReadOnlyDictionary<string, string>> StandInsAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return standIns ??= await BuildStandInsAsync();
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Digest references of Catalog.Api 1.0.0 and 2.0.0 by version.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> CatalogAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return catalog ??= await BuildCatalogAsync();
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Removes the images this run built (only those: other helpers' images on the shared engine stay).</summary>
    public static async Task RemoveAsync()
    {
        if (Built.Count == 0)
        {
            return;
        }

        var engine = await DockerEngine.ConnectAsync();
        await engine.TryRunAsync(engine.Images.Remove(true, [.. Built]));
        Built.Clear();
        standIns = null;
        catalog = null;
    }

    private static async Task<Dictionary<string, string>> BuildStandInsAsync()
    {
        var engine = await DockerTestEnvironment.ConnectAsync();
        var context = Directory.CreateTempSubdirectory("slipway-standin-app-");
        try
        {
            Directory.CreateDirectory(Path.Combine(context.FullName, "data"));
            await File.WriteAllTextAsync(Path.Combine(context.FullName, "data", ".keep"), string.Empty);
            await File.WriteAllTextAsync(Path.Combine(context.FullName, "Dockerfile"), StandInApp.Dockerfile);
            await File.WriteAllTextAsync(Path.Combine(context.FullName, "app.cfg"), StandInApp.Config + "\n");
            await File.WriteAllTextAsync(Path.Combine(context.FullName, "entrypoint.sh"), StandInApp.Entrypoint + "\n");
            var references = new Dictionary<string, string>(StringComparer.Ordinal);
            var run = Guid.NewGuid().ToString("N")[..8];
            foreach (var (tag, version, arguments) in StandInApp.Variants)
            {
                var reference = $"{ImageName.DefaultRegistry}/{StandInRepository}:{tag}-{run}";
                Built.Add(reference);
                await engine.RunAsync(engine.Images.Build(new DockerBuildSettings
                {
                    ContextDirectory = context.FullName,
                    Tags = [reference],
                    BuildArguments = new Dictionary<string, string>(arguments) { ["VERSION"] = version, ["BASE"] = StandInImages.HaProxy },
                }));
                references[tag] = await PushAsync(engine, reference, StandInRepository);
            }

            return references;
        }
        finally
        {
            context.Delete(recursive: true);
        }
    }

    private static async Task<Dictionary<string, string>> BuildCatalogAsync()
    {
        var references = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var version in new[] { "1.0.0", "2.0.0" })
        {
            references[version] = await BuildCatalogImageAsync(CatalogRepository, version, DockerTestEnvironment.RandomCommit());
        }

        return references;
    }

    /// <summary>
    /// Catalog.Api built from the root Dockerfile as <paramref name="version"/> of <paramref name="commit"/> (a commit a
    /// test's git repository holds), pushed to <paramref name="repository"/>: what DockerBuild and Push make on main.
    /// Returns its digest reference.
    /// </summary>
    public static async Task<string> CatalogForCommitAsync(string repository, string commit, string version)
    {
        await Gate.WaitAsync();
        try
        {
            return await BuildCatalogImageAsync(repository, version, commit);
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<string> BuildCatalogImageAsync(string repository, string version, string commit)
    {
        var engine = await DockerTestEnvironment.ConnectAsync();
        var artifacts = Directory.CreateTempSubdirectory("slipway-deploy-catalog-");
        try
        {
            var record = await new ImageBuilder(engine).BuildAsync(new ImageBuildRequest
            {
                RepositoryRoot = DockerTestEnvironment.RepositoryRoot(),
                Repository = repository,
                Title = "Catalog.Api",
                Version = version,
                InformationalVersion = $"{version}+sha.{commit[..7]}",
                Commit = commit,
                Branch = "deploy-tests",
                IsRelease = true,
                BuildArguments = StandInImages.DockerfileBaseImages,
                Network = "host",
                // The real migrations: every build gets the same real fingerprint, as DockerBuild stamps it.
                MigrationSources = ["src/Catalog.Api/Data/Migrations/Sqlite", "src/Catalog.Api/Data/Migrations/Postgres"],
                ArtifactsDirectory = artifacts.FullName,
            });
            Built.AddRange(record.References);
            using var registry = new RegistryClient();
            var pushed = await new ImagePusher(engine, registry).PushAsync(new ImagePushRequest { RecordPath = Path.Combine(artifacts.FullName, ImageRecordFile.FileName) });
            return pushed.DigestReference!;
        }
        finally
        {
            artifacts.Delete(recursive: true);
        }
    }

    /// <summary>
    /// The v1 stand-in rebuilt as <paramref name="version"/> of <paramref name="commit"/> (labels and the version it
    /// reports), pushed to its own repository: an image "built on main" for a commit a test's git repository holds.
    /// Returns its digest reference.
    /// </summary>
    public static async Task<string> ForCommitAsync(string repository, string commit, string version)
    {
        var v1 = (await StandInsAsync())["v1"];
        var engine = await DockerTestEnvironment.ConnectAsync();
        var context = Directory.CreateTempSubdirectory("slipway-commit-image-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(context.FullName, "Dockerfile"),
                $"FROM {v1}\nENV APP_VERSION={version}\nLABEL org.opencontainers.image.version={version} org.opencontainers.image.revision={commit}\n");
            var reference = $"{ImageName.DefaultRegistry}/{repository}:sha-{commit[..7]}";
            Built.Add(reference);
            await engine.RunAsync(engine.Images.Build(new DockerBuildSettings { ContextDirectory = context.FullName, Tags = [reference] }));
            return await PushAsync(engine, reference, repository);
        }
        finally
        {
            context.Delete(recursive: true);
        }
    }

    /// <summary>Pushes <paramref name="reference"/> and returns its digest reference in <paramref name="repository"/>.</summary>
    public static async Task<string> PushAsync(DockerEngine engine, string reference, string repository)
    {
        await engine.RunAsync(engine.Images.Push(reference) with { LogOutput = false });
        var digests = await engine.RunAsync(engine.Images.Inspect(reference, "{{json .RepoDigests}}"));
        return JsonSerializer.Deserialize<string[]>(digests.StandardOutput)!
            .First(d => d.StartsWith($"{ImageName.DefaultRegistry}/{repository}@", StringComparison.Ordinal));
    }
}
