using Serilog;
using Slipway.Delivery.DotNet;
using Slipway.Engine;
using Slipway.Engine.IO;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Components;

/// <summary>
/// NuGet packages of the solution's packable projects (<c>IsPackable</c> true), versioned from git like the assemblies
/// and the image, into artifacts/packages (NUKE's IPack). Built in the run's configuration with Compile's properties,
/// so after Compile the build is incremental: release in CI, where packages are published; <c>--configuration release</c>
/// on a workstation.
/// </summary>
public interface IPack : IRestore, IHazGitVersion
{
    AbsolutePath PackagesDirectory => ArtifactsDirectory / "packages";

    /// <summary>What is packed: the solution by default (its projects decide with <c>IsPackable</c>); a build may name projects.</summary>
    IReadOnlyList<AbsolutePath> PackProjects => [Solution];

    Target Pack => _ => _
        .Description("Pack the packable projects as NuGet packages into artifacts/packages, versioned from git (--configuration release to publish)")
        .DependsOn<IRestore>()
        .Exclusive(DotNetCommands.BuildOutputs)
        .Produces("artifacts/packages")
        // Cached like Compile: packing again with nothing changed restores the packages in a second instead of a release build.
        .Inputs(BuildInputs.Sources).InputValue(() => BuildInputs.Runtime).InputValue(() => Configuration).InputValue(() => GitVersion.MSBuildProperties).InputValue(() => PackProjects)
        .Outputs("artifacts/packages/")
        .Executes(async () =>
        {
            // Strict, unlike Compile's stamp: a package without its real version would collide with the next one in every cache.
            var properties = GitVersion.MSBuildProperties;
            if (PackagesDirectory.DirectoryExists)
            {
                Directory.Delete(PackagesDirectory, recursive: true);
            }

            PackagesDirectory.CreateDirectory();
            foreach (var project in PackProjects)
            {
                (await ToolRunner.RunAsync(DotNetCommands.Pack(project, Configuration, PackagesDirectory, properties))).EnsureSuccess();
            }

            var packages = Directory.EnumerateFiles(PackagesDirectory, "*.nupkg").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
            if (packages.Count == 0)
            {
                throw new BuildFailedException($"Nothing was packed: no project of {string.Join(", ", PackProjects.Select(p => p.Name))} sets <IsPackable>true</IsPackable>.");
            }

            foreach (var package in packages)
            {
                Log.Information("Package: {Package}", PackagesDirectory.GetRelativePathFrom(RootDirectory) + "/" + package);
            }

            Host.AddSummaryNote($"Packages ({GitVersion.SemVer}): {string.Join(", ", packages)}");
        });
}
