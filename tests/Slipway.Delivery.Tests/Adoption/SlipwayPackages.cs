using System.Diagnostics;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Tests.Adoption;

/// <summary>
/// This repository's packages as <c>./build.sh Pack</c> makes them, once per test run (Pack is cached: with nothing
/// changed since the last pack it restores artifacts/packages in seconds).
/// </summary>
internal static class SlipwayPackages
{
    private static readonly Lazy<Packed> Lazy = new(PackOnce, LazyThreadSafetyMode.ExecutionAndPublication);

    public sealed record Packed(string Folder, string Version, TimeSpan Duration);

    public static Packed Get() => Lazy.Value;

    public static string RepositoryRoot { get; } = FindRoot();

    private static Packed PackOnce()
    {
        var stopwatch = Stopwatch.StartNew();
        var result = ToolRunner.Run(new ToolInvocation(Path.Combine(RepositoryRoot, "build.sh"), "Pack", "--no-logo")
        {
            WorkingDirectory = RepositoryRoot,
            LogOutput = false,
            Timeout = TimeSpan.FromMinutes(10),
        }.WithEnvironment("GITHUB_ACTIONS", null));
        Assert.That(result.ExitCode, Is.EqualTo(0), $"./build.sh Pack failed:\n{result.StandardOutput}\n{result.StandardError}");

        var folder = Path.Combine(RepositoryRoot, "artifacts", "packages");
        var template = Directory.GetFiles(folder, "Slipway.Templates.*.nupkg").SingleOrDefault();
        Assert.That(template, Is.Not.Null, $"Pack wrote no template package to {folder}");
        var version = Path.GetFileNameWithoutExtension(template!)["Slipway.Templates.".Length..];
        foreach (var package in new[] { "Slipway.Engine", "Slipway.Delivery" })
        {
            Assert.That(File.Exists(Path.Combine(folder, $"{package}.{version}.nupkg")), Is.True, $"{package} {version} was not packed beside the template");
        }

        return new Packed(folder, version, stopwatch.Elapsed);
    }

    private static string FindRoot()
    {
        for (var directory = AppContext.BaseDirectory; directory is not null; directory = Path.GetDirectoryName(directory))
        {
            if (File.Exists(Path.Combine(directory, "build.sh")) && Directory.Exists(Path.Combine(directory, ".nuke")))
            {
                return directory;
            }
        }

        throw new InvalidOperationException("Repository root not found above " + AppContext.BaseDirectory);
    }
}
