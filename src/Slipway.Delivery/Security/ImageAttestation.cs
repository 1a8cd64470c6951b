using Serilog;
using Slipway.Delivery.Docker;
using Slipway.Delivery.Image;
using Slipway.Engine;
using Slipway.Engine.IO;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Security;

/// <summary>
/// Attaches the trust documents of one pushed digest to it in the registry (docs/image.md): the scan record (from trivy's
/// JSON report), the CycloneDX SBOM (the CycloneDX dotnet tool for the published project, the image's dpkg database for
/// its OS packages) and the SLSA provenance statement. Each is an OCI referrer of the digest (<see cref="ReferrerStore"/>).
/// </summary>
internal sealed class ImageAttestation(ReferrerStore referrers, AbsolutePath workDirectory)
{
    /// <summary>Attaches a scan record made from trivy's report; returns it.</summary>
    public async Task<ScanRecord> AttachScanAsync(ImageName name, string digest, string reportJson, TrivyVersionInfo? version, IReadOnlyList<string> scannedSeverities)
    {
        ArgumentNullException.ThrowIfNull(name);
        var record = ScanRecord.FromTrivy(reportJson, version, digest, name.WithDigest(digest), DateTimeOffset.UtcNow, scannedSeverities);
        await referrers.AttachAsync(name, digest, ScanRecord.ArtifactType, record.ToJson(), Annotations(record.ScannedAt));
        Log.Information("Attached the scan record of {Image}: {Summary}", name.WithDigest(digest), record.Summary());
        return record;
    }

    /// <summary>Runs trivy on the digest as the registry serves it (the Scan target's commands) and reads its version; null when trivy is not installed.</summary>
    public async Task<(string Report, TrivyVersionInfo Version)?> RunTrivyAsync(ImageScanRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scan = await new ImageScan(workDirectory).RunAsync(request, skip: false);
        if (scan.Failures.FirstOrDefault(f => f.Rule is "trivy-missing") is not null)
        {
            return null;
        }

        if (scan.Failures.FirstOrDefault(f => f.Rule is "trivy-failed") is { } failed)
        {
            throw new BuildFailedException(failed.Message);
        }

        var version = await ToolRunner.RunAsync(SecurityCommands.TrivyVersionJson());
        return (await File.ReadAllTextAsync(workDirectory / "trivy.json"), TrivyVersionInfo.Read(version.EnsureSuccess().StandardOutput));
    }

    /// <summary>Makes and attaches the SBOM; returns its components per package type.</summary>
    public async Task<IReadOnlyDictionary<string, int>> AttachSbomAsync(DockerEngine engine, ImageName name, string digest, AbsolutePath root, string project)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(name);
        workDirectory.CreateDirectory();
        (await ToolRunner.RunAsync(new ToolInvocation("dotnet", "tool", "restore") { WorkingDirectory = root, LogOutput = false })).EnsureSuccess();
        (await ToolRunner.RunAsync(CycloneDx(root / project, workDirectory, "dotnet.cdx.json") with { WorkingDirectory = root })).EnsureSuccess();
        var files = await new ImageFiles(engine).ReadAsync(name.WithDigest(digest), ["/var/lib/dpkg/status", "/etc/os-release"]);
        var packages = files["/var/lib/dpkg/status"] is { } status ? DpkgStatus.Read(status) : [];
        var (distroId, distroVersion) = files["/etc/os-release"] is { } osRelease ? ImageSbom.OsRelease(osRelease) : (null, null);
        var sbom = ImageSbom.Compose(await File.ReadAllTextAsync(workDirectory / "dotnet.cdx.json"), packages, distroId, distroVersion, name.ToString(), digest);
        await File.WriteAllBytesAsync(workDirectory / "sbom.cdx.json", sbom);
        await referrers.AttachAsync(name, digest, ImageSbom.ArtifactType, sbom, Annotations(DateTimeOffset.UtcNow));
        var counts = ImageSbom.CountByType(sbom);
        Log.Information("Attached the SBOM of {Image}: {Counts}", name.WithDigest(digest), string.Join(", ", counts.Select(c => $"{c.Value} {c.Key}")));
        return counts;
    }

    public async Task AttachProvenanceAsync(ImageName name, ProvenanceFacts facts)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(facts);
        var statement = SlsaProvenance.Statement(facts);
        workDirectory.CreateDirectory();
        await File.WriteAllBytesAsync(workDirectory / "provenance.intoto.json", statement);
        await referrers.AttachAsync(name, facts.Digest, SlsaProvenance.ArtifactType, statement, Annotations(DateTimeOffset.UtcNow));
        Log.Information("Attached the provenance of {Image}: commit {Commit}, builder {Builder}", name.WithDigest(facts.Digest), facts.Commit, facts.Builder);
    }

    /// <summary>The CycloneDX dotnet tool (.config/dotnet-tools.json) over one project: JSON, development-only packages left out.</summary>
    public static ToolInvocation CycloneDx(AbsolutePath project, AbsolutePath outputDirectory, string fileName) =>
        new("dotnet", "tool", "run", "dotnet-CycloneDX", "--", project, "--output", outputDirectory, "--filename", fileName,
            "--output-format", "Json", "--exclude-dev", "--exclude-test-projects")
        {
            LogOutput = false,
        };

    private static Dictionary<string, string> Annotations(DateTimeOffset created) => new(StringComparer.Ordinal)
    {
        [OciDescriptor.CreatedAnnotation] = created.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
    };
}
