using Slipway.Engine.Tooling;

namespace Slipway.Engine.SampleBuild;

/// <summary>
/// The shape of this repository's <c>./build.sh DockerBuild</c> for benchmarks/engine-benchmark.sh, with stand-in work
/// so it runs anywhere in seconds: a restore that waits on a feed, then Compile, Lint and Scan, Test after Compile, and
/// the image after all three. Compile, Lint and Test share the build-output resource as the real components do; Scan
/// waits (an advisory database); the image holds the Docker engine. CPU work is hashing zeros in a child process
/// (<c>sha256sum</c>), waiting is <c>sleep</c>: real processes, started through ToolRunner like every tool. Each target
/// declares its inputs and outputs, so a re-run with nothing changed is all cache hits. Unlisted: not part of --help.
/// </summary>
internal sealed partial class SampleBuild
{
    // Megabytes hashed per unit of CPU work: about a second of one core on the project's VM.
    const int CpuUnitMegabytes = 400;

    Target BenchRestore => _ => _.Unlisted()
        .Inputs("bench/src/").Outputs("bench/out/restore.txt")
        .Executes(() => Work("restore", cpuUnits: 0, waitSeconds: 1));

    Target BenchCompile => _ => _.Unlisted().DependsOn(BenchRestore).Exclusive("build-outputs")
        .Inputs("bench/src/").Outputs("bench/out/compile.txt")
        .Executes(() => Work("compile", cpuUnits: 2, waitSeconds: 0));

    Target BenchLint => _ => _.Unlisted().DependsOn(BenchRestore).Exclusive("build-outputs")
        .Inputs("bench/src/").Outputs("bench/out/lint.txt")
        .Executes(() => Work("lint", cpuUnits: 1, waitSeconds: 0));

    Target BenchScan => _ => _.Unlisted().DependsOn(BenchRestore)
        .Inputs("bench/src/").Outputs("bench/out/scan.txt")
        .Executes(() => Work("scan", cpuUnits: 1, waitSeconds: 3));

    Target BenchTest => _ => _.Unlisted().DependsOn(BenchCompile).Exclusive("build-outputs")
        .Inputs("bench/src/").Outputs("bench/out/test.txt")
        .Executes(() => Work("test", cpuUnits: 1, waitSeconds: 1));

    Target BenchDockerBuild => _ => _.Unlisted().DependsOn(BenchLint, BenchTest, BenchScan).Exclusive("docker-engine")
        .Inputs("bench/src/", "bench/out/compile.txt").Outputs("bench/out/image.txt")
        .Executes(() => Work("image", cpuUnits: 0, waitSeconds: 2));

    async Task Work(string name, int cpuUnits, int waitSeconds)
    {
        if (cpuUnits > 0)
        {
            (await ToolRunner.RunAsync(new ToolInvocation("sh", "-c",
                $"head -c {cpuUnits * CpuUnitMegabytes}M /dev/zero | sha256sum"))).EnsureSuccess();
        }

        if (waitSeconds > 0)
        {
            (await ToolRunner.RunAsync(new ToolInvocation("sleep", waitSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)))).EnsureSuccess();
        }

        var output = RootDirectory / "bench" / "out";
        Directory.CreateDirectory(output);
        await File.WriteAllTextAsync(output / $"{name}.txt", $"{name} done\n");
    }
}
