using System.Text.Json;
using System.Text.Json.Nodes;
using Serilog;
using Slipway.Delivery.Docker;
using Slipway.Delivery.Git;
using Slipway.Delivery.Image;
using Slipway.Delivery.Security;
using Slipway.Engine;
using Slipway.Engine.IO;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Components;

/// <summary>
/// After Push, the pushed digest gets its trust documents in the registry, each an OCI referrer of the digest: the scan
/// record Promote and DeployProduction require (<see cref="IHazScanGate"/>), a CycloneDX SBOM and SLSA provenance.
/// Inspect lists them. docs/image.md, "Scanned before promotion" and "SBOM and provenance".
/// </summary>
public interface IAttest : IPush, IScan, IVersion, IHazScanGate
{
    [Parameter("Attest: a trivy JSON report of the pushed digest made elsewhere (a CI step with trivy), used instead of running trivy here")]
    AbsolutePath? ScanReport => this.GetParameter<AbsolutePath>();

    AbsolutePath AttestDirectory => ArtifactsDirectory / "attest";

    Target Attest => _ => _
        .Description("Scan the pushed digest (trivy) and attach the scan record, a CycloneDX SBOM and SLSA provenance to it in the registry (--image names a digest)")
        .TriggeredBy<IPush>()
        .After<IPush>()
        .Consumes<IPush>()
        .Produces("artifacts/attest")
        .Executes(AttestAsync);

    Target Inspect => _ => _
        .Description("List what the registry holds beside a digest (--image, else artifacts/image.json): scan record and verdict, SBOM, provenance; --json prints JSON")
        .After(Attest)
        .Executes(InspectAsync);

    private async Task AttestAsync()
    {
        var (name, digest) = await SubjectAsync();
        var policy = ScanPolicy.From(ScanFailOn, ScanMaxAge);
        var credentials = RegistryLogin();
        using var registry = new RegistryClient();
        var attestation = new ImageAttestation(new ReferrerStore(registry, credentials), AttestDirectory);
        AttestDirectory.CreateDirectory();

        // The scan first: it is what the gate needs, and a missing trivy must be said before minutes of SBOM work.
        ScanRecord? record = null;
        if (ScanReport is { } report)
        {
            record = await attestation.AttachScanAsync(name, digest, await File.ReadAllTextAsync(report), version: null, ScanRecord.Severities);
        }
        else if (!SkipImageScan)
        {
            var request = new ImageScanRequest { Image = name.WithDigest(digest), FromRegistry = true, Credentials = credentials };

            // No trivy: the push stands, the digest has no record, and the gate refuses it at promotion — where it matters.
            if (await attestation.RunTrivyAsync(request) is { } scanned)
            {
                record = await attestation.AttachScanAsync(name, digest, scanned.Report, scanned.Version, SecurityCommands.TrivyImageSeverities);
            }
            else
            {
                Log.Warning("{Hint} {Image} gets no scan record, so Promote and DeployProduction will refuse it without --accept-risk; --scan-report takes a report trivy made elsewhere",
                    ImageScan.InstallHint, name.WithDigest(digest));
            }
        }
        else
        {
            Log.Warning("--skip-image-scan: {Image} gets no scan record, so Promote and DeployProduction will refuse it without --accept-risk", name.WithDigest(digest));
        }

        await using var engine = await DockerEngine.ConnectAsync();
        var dockerfile = await File.ReadAllTextAsync(RootDirectory / "Dockerfile");
        var project = DockerfileFacts.PublishedProject(dockerfile)
            ?? throw BuildFailedException.BadInput("The Dockerfile has no `dotnet publish <project>.csproj` line, so the SBOM has no project to list: publish the project by its path.");
        var counts = await attestation.AttachSbomAsync(engine, name, digest, RootDirectory, project);
        var labels = JsonSerializer.Deserialize<Dictionary<string, string>>(
            (await engine.RunAsync(engine.Images.Labels(name.WithDigest(digest)) with { LogOutput = false })).StandardOutput) ?? [];
        await attestation.AttachProvenanceAsync(name, await ProvenanceFactsAsync(name, digest, dockerfile, labels));

        var verdict = record is null ? null : policy.Evaluate([record], digest, AdvisoryAllowList.Load(AdvisoryAllowListPath), DateTimeOffset.UtcNow);
        Host.AddSummaryNote($"Attested {name.WithDigest(digest)}: " +
            (record is null ? "NO scan record (trivy not run)" : $"scan {(verdict!.Passed ? "passes" : "FAILS")} ({record.Summary()})") +
            $"; SBOM {string.Join(", ", counts.Select(c => $"{c.Value} {c.Key}"))}; provenance");
    }

    private async Task InspectAsync()
    {
        var (name, digest) = await SubjectAsync();
        using var registry = new RegistryClient();
        var store = new ReferrerStore(registry, RegistryLogin());
        var attached = await store.ListAsync(name, digest);
        var policy = ScanPolicy.From(ScanFailOn, ScanMaxAge);
        var scans = new List<ScanRecord>();
        var documents = new JsonArray();
        foreach (var descriptor in attached)
        {
            var content = await store.ReadAsync(name, descriptor);
            var entry = new JsonObject { ["artifactType"] = descriptor.ArtifactType, ["digest"] = descriptor.Digest, ["created"] = descriptor.Created?.ToString("o") };
            switch (descriptor.ArtifactType)
            {
                case ScanRecord.ArtifactType:
                    var scan = ScanRecord.Parse(content);
                    scans.Add(scan);
                    entry["summary"] = scan.Summary();
                    break;
                case ImageSbom.ArtifactType:
                    entry["components"] = JsonSerializer.SerializeToNode(ImageSbom.CountByType(content));
                    break;
                case SlsaProvenance.ArtifactType:
                    var (commit, builder) = SlsaProvenance.Summary(content);
                    entry["commit"] = commit;
                    entry["builder"] = builder;
                    break;
                default:
                    break;
            }

            documents.Add(entry);
        }

        var verdict = policy.Evaluate(scans, digest, AdvisoryAllowList.Load(AdvisoryAllowListPath), DateTimeOffset.UtcNow);
        var inspection = new JsonObject
        {
            ["image"] = name.WithDigest(digest),
            ["scanGate"] = new JsonObject { ["passed"] = verdict.Passed, ["reason"] = verdict.Reason },
            ["attached"] = documents,
        };
        var json = inspection.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        ArtifactsDirectory.CreateDirectory();
        await File.WriteAllTextAsync(ArtifactsDirectory / "inspect.json", json);
        if (Json)
        {
            Console.Out.WriteLine(json);
            return;
        }

        Console.Out.WriteLine(name.WithDigest(digest));
        Console.Out.WriteLine($"  scan gate   {(verdict.Passed ? "passes" : "REFUSES")}: {verdict.Reason}");
        foreach (var entry in documents.OfType<JsonObject>())
        {
            var what = entry["summary"] ?? entry["components"]?.ToJsonString() ?? (entry["commit"] is { } c ? $"commit {c}, builder {entry["builder"]}" : null);
            Console.Out.WriteLine($"  {entry["artifactType"],-44} {entry["created"],-34} {what}");
        }

        Host.AddSummaryNote($"Inspect {name.WithDigest(digest)}: {documents.Count} attached; scan gate {(verdict.Passed ? "passes" : "refuses")}");
    }

    /// <summary>The digest: <c>--image</c> (by digest), else the one Push recorded in artifacts/image.json.</summary>
    private async Task<(ImageName Name, string Digest)> SubjectAsync()
    {
        var reference = Image ?? (ImageRecordPath.FileExists ? (await ImageRecordFile.ReadAsync(ImageRecordPath)).DigestReference : null)
            ?? throw BuildFailedException.BadInput($"No image to attest or inspect: run Push first (it records the digest in {ImageRecordPath}), or pass --image registry/repository@sha256:....");
        if (!reference.Contains("@sha256:", StringComparison.Ordinal))
        {
            throw BuildFailedException.BadInput($"--image '{reference}' names no digest: the documents are about one digest, so pass registry/repository@sha256:....");
        }

        var image = Deploy.DeployImage.FromReference(reference);
        return (image.Name, image.Digest);
    }

    /// <summary>What the provenance says; the commit and start time from the image's own OCI labels (what it was built from), else this checkout.</summary>
    private async Task<ProvenanceFacts> ProvenanceFactsAsync(ImageName name, string digest, string dockerfile, IReadOnlyDictionary<string, string> labels)
    {
        var server = Context.GetEnvironmentVariable("GITHUB_SERVER_URL") ?? "https://github.com";
        var repository = labels.GetValueOrDefault(ImageLabels.Source) is { Length: > 0 } source ? source
            : Context.GetEnvironmentVariable("GITHUB_REPOSITORY") is { Length: > 0 } github
            ? $"{server}/{github}"
            : await ToolRunner.RunAsync(new GitCommands(RootDirectory).RemoteUrl("origin")) is { Succeeded: true } remote && remote.StandardOutput.Trim() is { Length: > 0 } url
                ? url
                : new Uri(RootDirectory).AbsoluteUri;
        var workflow = Context.GetEnvironmentVariable("GITHUB_WORKFLOW_REF");
        return new ProvenanceFacts
        {
            ImageName = name.ToString(),
            Digest = digest,
            Repository = repository,
            Commit = labels.GetValueOrDefault(ImageLabels.Revision) ?? GitVersion.Sha,
            Ref = Context.GetEnvironmentVariable("GITHUB_REF") ?? (GitVersion.BranchName is { Length: > 0 } branch ? "refs/heads/" + branch : null),
            BaseImages = DockerfileFacts.BaseImages(dockerfile),
            Builder = workflow is { Length: > 0 } ? $"{server}/{workflow}" : $"urn:slipway:workstation:{DeployedBy()}",
            InvocationId = CiRunUrl(),
            StartedOn = labels.GetValueOrDefault(ImageLabels.Created) is { } created
                && DateTimeOffset.TryParse(created, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at) ? at : null,
            FinishedOn = DateTimeOffset.UtcNow,
        };

        string DeployedBy() => Uri.EscapeDataString($"{System.Environment.UserName}@{System.Environment.MachineName}");

        string? CiRunUrl() =>
            Context.GetEnvironmentVariable("GITHUB_RUN_ID") is { Length: > 0 } run && Context.GetEnvironmentVariable("GITHUB_REPOSITORY") is { Length: > 0 } owner
                ? $"{server}/{owner}/actions/runs/{run}"
                : null;
    }
}
