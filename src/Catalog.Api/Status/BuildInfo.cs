using System.Reflection;

namespace Catalog.Api.Status;

/// <summary>
/// What was built: the version is the assembly's InformationalVersion (the pipeline stamps it with
/// <c>-p:Version=... -p:InformationalVersion=...</c>), the commit is the <c>SourceCommit</c> assembly metadata
/// (<c>-p:SourceRevisionId=&lt;sha&gt;</c>, or SourceLink's value when built from a git checkout).
/// </summary>
internal sealed record BuildInfo(string Service, string Version, string Commit)
{
    public const string ServiceName = "catalog-api";
    public const string UnknownCommit = "unknown";

    public static BuildInfo FromAssembly(Assembly assembly)
    {
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString()
            ?? "0.0.0";
        var commit = assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == "SourceCommit")?.Value;
        return new BuildInfo(ServiceName, version, string.IsNullOrWhiteSpace(commit) ? UnknownCommit : commit);
    }
}
