using Slipway.Engine;

namespace Slipway.Delivery.Components;

public interface IVersion : IHazGitVersion
{
    [Parameter("Print the version as JSON (Version target)")]
    bool Json => this.GetParameter<bool?>() ?? false;

    Target Version => _ => _
        .Description("Print the version computed from git (SemVer, InformationalVersion, ShortSha, ...)")
        .Produces("artifacts/version.json")
        .Executes(() =>
        {
            var version = GitVersion;
            ArtifactsDirectory.CreateDirectory();
            File.WriteAllText(ArtifactsDirectory / "version.json", version.ToJson());
            if (Json)
            {
                Console.Out.WriteLine(version.ToJson());
                return;
            }

            foreach (var (name, value) in new (string, object?)[]
            {
                ("SemVer", version.SemVer), ("FullSemVer", version.FullSemVer), ("InformationalVersion", version.InformationalVersion),
                ("AssemblyVersion", version.AssemblyVersion), ("ShortSha", version.ShortSha), ("BranchName", version.BranchName),
                ("CommitsSinceTag", version.CommitsSinceTag),
            })
            {
                Console.Out.WriteLine($"{name,-21}{value}");
            }

            Host.AddSummaryNote($"Version: {version.SemVer}");
        });
}
