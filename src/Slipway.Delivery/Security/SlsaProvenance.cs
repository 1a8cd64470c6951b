using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Slipway.Delivery.Security;

/// <summary>
/// An in-toto Statement v1 whose predicate is SLSA Provenance v1 (slsa.dev/provenance/v1): the image digest as its
/// subject, the repository and commit as the build's external parameters and resolved dependencies beside the base
/// images, and the builder with the run that built it. Unsigned: the registry and its access control vouch for it here;
/// signing (cosign, a DSSE envelope) is the next step and changes no field of the statement.
/// </summary>
internal static class SlsaProvenance
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public const string ArtifactType = "application/vnd.in-toto+json";
    public const string StatementType = "https://in-toto.io/Statement/v1";
    public const string PredicateType = "https://slsa.dev/provenance/v1";

    /// <summary>This pipeline's build type: a Dockerfile built and pushed by Slipway's DockerBuild and Push (docs/image.md).</summary>
    public const string BuildType = "https://slipway.dev/buildtypes/docker-image/v1";

    public static byte[] Statement(ProvenanceFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var colon = facts.Digest.IndexOf(':', StringComparison.Ordinal);
        var dependencies = new JsonArray(new JsonObject
        {
            ["uri"] = $"git+{facts.Repository}" + (facts.Ref is { } gitRef ? "@" + gitRef : string.Empty),
            ["digest"] = new JsonObject { ["gitCommit"] = facts.Commit },
        });
        foreach (var baseImage in facts.BaseImages)
        {
            var at = baseImage.IndexOf("@sha256:", StringComparison.Ordinal);
            var dependency = new JsonObject { ["uri"] = "pkg:docker/" + (at < 0 ? baseImage : baseImage[..at]), ["name"] = baseImage };
            if (at >= 0)
            {
                dependency["digest"] = new JsonObject { ["sha256"] = baseImage[(at + "@sha256:".Length)..] };
            }

            dependencies.Add(dependency);
        }

        var metadata = new JsonObject();
        if (facts.InvocationId is { } run)
        {
            metadata["invocationId"] = run;
        }

        if (facts.StartedOn is { } started)
        {
            metadata["startedOn"] = started.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        }

        if (facts.FinishedOn is { } finished)
        {
            metadata["finishedOn"] = finished.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        }

        var statement = new JsonObject
        {
            ["_type"] = StatementType,
            ["subject"] = new JsonArray(new JsonObject
            {
                ["name"] = facts.ImageName,
                ["digest"] = new JsonObject { [facts.Digest[..colon]] = facts.Digest[(colon + 1)..] },
            }),
            ["predicateType"] = PredicateType,
            ["predicate"] = new JsonObject
            {
                ["buildDefinition"] = new JsonObject
                {
                    ["buildType"] = BuildType,
                    ["externalParameters"] = new JsonObject
                    {
                        ["repository"] = facts.Repository,
                        ["ref"] = facts.Ref,
                        ["dockerfile"] = facts.Dockerfile,
                    },
                    ["resolvedDependencies"] = dependencies,
                },
                ["runDetails"] = new JsonObject
                {
                    ["builder"] = new JsonObject { ["id"] = facts.Builder },
                    ["metadata"] = metadata,
                },
            },
        };
        return JsonSerializer.SerializeToUtf8Bytes(statement, Indented);
    }

    /// <summary>The commit and builder a statement names, for Inspect.</summary>
    public static (string? Commit, string? Builder) Summary(byte[] statement)
    {
        using var document = JsonDocument.Parse(statement);
        var predicate = document.RootElement.GetProperty("predicate");
        var commit = predicate.GetProperty("buildDefinition").GetProperty("resolvedDependencies").EnumerateArray()
            .Select(d => d.TryGetProperty("digest", out var digest) && digest.TryGetProperty("gitCommit", out var c) ? c.GetString() : null)
            .FirstOrDefault(c => c is not null);
        var builder = predicate.GetProperty("runDetails").GetProperty("builder").GetProperty("id").GetString();
        return (commit, builder);
    }
}
