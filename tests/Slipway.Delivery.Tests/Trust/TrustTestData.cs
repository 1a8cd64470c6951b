using System.Text.Json;
using Json.Schema;
using Slipway.Delivery.Image;
using Slipway.Delivery.Tests.Deploy.Integration;
using Slipway.Delivery.Tests.Docker;

namespace Slipway.Delivery.Tests.Trust;

/// <summary>The recorded trivy report, the vendored schemas, and images of their own for the trust tests (TestData/README.md).</summary>
internal static class TrustTestData
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Trust");

    /// <summary>trivy's real report of debian:buster: CVE-2019-18224 CRITICAL (libidn2-0), CVE-2019-18276 LOW (bash).</summary>
    public static string DebianBusterReport => File.ReadAllText(Path.Combine(Folder, "TestData", "trivy-debian-buster.json"));

    public static string TrivyVersion => File.ReadAllText(Path.Combine(Folder, "TestData", "trivy-version.json"));

    /// <summary>Validation errors of <paramref name="document"/> against a vendored schema (its $ref'd siblings registered by their $id); none when valid.</summary>
    public static IReadOnlyList<string> Validate(byte[] document, string schemaFile)
    {
        var options = new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true };
        foreach (var file in Directory.GetFiles(Path.Combine(Folder, "Schemas"), "*.schema.json"))
        {
            options.SchemaRegistry.Register(JsonSchema.FromFile(file));
        }

        var schema = JsonSchema.FromFile(Path.Combine(Folder, "Schemas", schemaFile));
        using var parsed = JsonDocument.Parse(document);
        var result = schema.Evaluate(parsed.RootElement, options);
        return result.IsValid
            ? []
            : [.. (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))];
    }

    /// <summary>
    /// Attaches a passing scan record to <paramref name="reference"/> (a digest reference in the local registry), as
    /// Attest does after a clean trivy scan: the report has trivy's structure and no findings, dated now. For the
    /// release-path tests, whose subject is verification, not scanning.
    /// </summary>
    public static async Task AttachCleanScanAsync(string reference)
    {
        var image = Slipway.Delivery.Deploy.DeployImage.FromReference(reference);
        var now = DateTimeOffset.UtcNow;
        var report = $$"""{"SchemaVersion":2,"CreatedAt":"{{now:O}}","ArtifactName":"{{reference}}","ArtifactType":"container_image","Results":[]}""";
        using var registry = new RegistryClient();
        var store = new ReferrerStore(registry, credentials: null);
        var record = Slipway.Delivery.Security.ScanRecord.FromTrivy(report, null, image.Digest, reference, now);
        await store.AttachAsync(image.Name, image.Digest, Slipway.Delivery.Security.ScanRecord.ArtifactType, record.ToJson(),
            new Dictionary<string, string> { [OciDescriptor.CreatedAnnotation] = now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture) });
    }

    /// <summary>
    /// A stand-in image (a Debian root file system, so it has a dpkg database) pushed to a repository of this test's
    /// own, so documents attached to it meet no other test's. Returns the digest reference.
    /// </summary>
    public static async Task<(string Reference, ImageName Name, string Digest)> PushOwnImageAsync(string purpose)
    {
        var source = (await DeployTestImages.StandInsAsync())["v1"];
        var engine = await DockerTestEnvironment.ConnectAsync();
        var repository = $"slipway-tests/trust-{purpose}-{Guid.NewGuid().ToString("N")[..10]}";
        var tag = $"{ImageName.DefaultRegistry}/{repository}:t";
        await engine.RunAsync(engine.Images.Tag(source, tag));
        await engine.RunAsync(engine.Images.Push(tag) with { LogOutput = false });
        var digests = await engine.RunAsync(engine.Images.Inspect(tag, "{{json .RepoDigests}}"));
        var reference = JsonSerializer.Deserialize<string[]>(digests.StandardOutput)!
            .First(d => d.StartsWith($"{ImageName.DefaultRegistry}/{repository}@", StringComparison.Ordinal));
        await engine.TryRunAsync(engine.Images.Remove(false, tag));
        return (reference, new ImageName(ImageName.DefaultRegistry, repository), reference[(reference.IndexOf('@') + 1)..]);
    }
}
