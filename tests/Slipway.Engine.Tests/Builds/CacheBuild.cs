using System.Collections.Concurrent;

namespace Slipway.Engine.Tests.Builds;

/// <summary>Targets with declared inputs and outputs, counting how often their actions really ran.</summary>
internal sealed class CacheBuild : SlipwayBuild
{
    public static ConcurrentDictionary<string, int> Runs { get; } = new();

    [Parameter("Changes what Generate writes")] readonly string Flavor = "plain";

    [Parameter("Makes Fragile fail")] readonly bool Break;

    Target Generate => _ => _
        .Inputs("src/**/*.txt", "!src/ignored/**")
        .InputValue(() => Flavor)
        .Outputs("out/result.txt", "out/reports")
        .Executes(() =>
        {
            Count(nameof(Generate));
            var text = string.Concat(Directory.GetFiles(RootDirectory / "src", "*.txt").Order().Select(File.ReadAllText)) + Flavor;
            Directory.CreateDirectory(RootDirectory / "out" / "reports");
            File.WriteAllText(RootDirectory / "out" / "result.txt", text);
            File.WriteAllText(RootDirectory / "out" / "reports" / "summary.txt", "report of " + text);
            Host.AddSummaryNote($"Generate: {text.Length} characters");
        });

    Target Check => _ => _
        .DependsOn(Generate)
        .Inputs("out/result.txt")
        .Executes(() => Count(nameof(Check)));

    Target Plain => _ => _.Executes(() => Count(nameof(Plain)));

    Target Fragile => _ => _
        .Inputs("src/a.txt")
        .InputValue(() => Break)
        .Executes(() =>
        {
            Count(nameof(Fragile));
            if (File.ReadAllText(RootDirectory / "src" / "a.txt").Contains("boom", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("Fragile broke");
            }
        });

    /// <summary>No inputs of its own (so it always runs); each part under src/ is a cached step writing out/&lt;part&gt;.txt; a part whose text says "boom" fails.</summary>
    Target Parts => _ => _
        .Executes(async () =>
        {
            Count(nameof(Parts));
            foreach (var (part, input) in new[] { ("a", "src/a.txt"), ("nested", "src/nested/") })
            {
                await Context.Steps.RunAsync(
                    new Caching.CachedStep("part " + part) { Inputs = [input], Values = new Dictionary<string, object?> { ["flavor"] = Flavor }, Outputs = [$"out/{part}.txt"] },
                    () =>
                    {
                        Count("part " + part);
                        var text = string.Concat(Directory.GetFiles(RootDirectory / "src", "*", SearchOption.AllDirectories)
                            .Where(f => Path.GetRelativePath(RootDirectory / "src", f).StartsWith(part, StringComparison.Ordinal)).Order().Select(File.ReadAllText));
                        Directory.CreateDirectory(RootDirectory / "out");
                        File.WriteAllText(RootDirectory / "out" / $"{part}.txt", text + Flavor);
                        return Task.FromResult(!text.Contains("boom", StringComparison.Ordinal));
                    });
            }
        });

    Target BadInput => _ => _
        .InputValue(() => throw new InvalidOperationException("no value for the key"))
        .Executes(() => Count(nameof(BadInput)));

    public static int Count(string target) => Runs.AddOrUpdate(target, 1, (_, n) => n + 1);
}
