using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Slipway.Delivery.Versioning;

/// <summary>
/// The computed version and the variables derived from it, named as GitVersion names them so scripts and habits carry
/// over. Produced by <see cref="VersionCalculator"/>; <see cref="ToMSBuildArguments"/> stamps assemblies,
/// <see cref="ToJson"/> answers <c>Version --json</c>.
/// </summary>
public sealed record GitVersionInfo
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public required int Major { get; init; }

    public required int Minor { get; init; }

    public required int Patch { get; init; }

    /// <summary>The pre-release part without the dash (<c>beta.3</c>); empty for a release.</summary>
    public required string PreReleaseTag { get; init; }

    /// <summary>The version, e.g. <c>1.4.1-3</c> or <c>1.5.0-alpha.2</c> or, on a release tag, <c>1.4.0</c>.</summary>
    public string SemVer => PreReleaseTag.Length == 0 ? MajorMinorPatch : $"{MajorMinorPatch}-{PreReleaseTag}";

    /// <summary><see cref="SemVer"/> plus the commits since the tag as build metadata (GitVersion's FullSemVer).</summary>
    public string FullSemVer => CommitsSinceTag > 0 ? $"{SemVer}+{CommitsSinceTag.ToString(CultureInfo.InvariantCulture)}" : SemVer;

    /// <summary><c>&lt;SemVer&gt;+Branch.&lt;branch&gt;.Sha.&lt;sha&gt;</c>: what an assembly or image says it was built from.</summary>
    public string InformationalVersion => $"{SemVer}+Branch.{ToMetadataIdentifier(BranchName)}.Sha.{Sha}";

    /// <summary><c>X.Y.Z.0</c>: stable across pre-releases so binding redirects are not needed between builds.</summary>
    public string AssemblyVersion => $"{MajorMinorPatch}.0";

    public string MajorMinorPatch => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{Patch}");

    public required string Sha { get; init; }

    public string ShortSha => Sha.Length > 7 ? Sha[..7] : Sha;

    /// <summary>The branch the build is for (for a pull request, its source branch).</summary>
    public required string BranchName { get; init; }

    /// <summary>Commits since the latest reachable release tag (0 on a tagged commit).</summary>
    public required int CommitsSinceTag { get; init; }

    /// <summary>The release tag the version counts from, or null when the repository has none yet.</summary>
    public string? VersionSourceTag { get; init; }

    public int? PullRequestNumber { get; init; }

    /// <summary>True when HEAD carries a release tag, i.e. this build is that release.</summary>
    public bool IsTaggedRelease { get; init; }

    /// <summary>The MSBuild properties that stamp this version into assemblies and packages.</summary>
    [JsonIgnore]
    public IReadOnlyDictionary<string, string> MSBuildProperties => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Version"] = SemVer,
        ["AssemblyVersion"] = AssemblyVersion,
        ["InformationalVersion"] = InformationalVersion,

        // The SDK would append "+<commit>" to InformationalVersion a second time; ours already names the commit.
        ["IncludeSourceRevisionInInformationalVersion"] = "false",
    };

    /// <summary><c>-p:Version=.. -p:AssemblyVersion=.. -p:InformationalVersion=..</c> for <c>dotnet build/publish/pack</c>.</summary>
    public IReadOnlyList<string> ToMSBuildArguments() => [.. MSBuildProperties.Select(p => $"-p:{p.Key}={p.Value}")];

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>SemVer build metadata allows only [0-9A-Za-z-]: <c>feature/x_y</c> becomes <c>feature-x-y</c>.</summary>
    private static string ToMetadataIdentifier(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '-');
        }

        return builder.Length == 0 ? "unknown" : builder.ToString();
    }
}
