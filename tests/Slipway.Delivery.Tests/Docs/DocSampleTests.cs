using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Slipway.Delivery.Components;
using Slipway.Delivery.Tests.Docker;
using Slipway.Engine;

namespace Slipway.Delivery.Tests.Docs;

/// <summary>
/// Every <c>```csharp</c> block of README.md and docs/*.md compiles against Slipway.Engine and Slipway.Delivery, as a
/// build class sees them (issue 18 §3: a documented override that did not compile went unnoticed). A block is a whole
/// file; or, when its first line says so, members of a declaration
/// (<c>// sample: inside sealed partial class Build : SlipwayBuild, IDockerBuild</c>), or a drop-in for one file of this
/// repository's build, compiled with the rest of build/ (<c>// sample: replaces build/Build.Environments.cs</c>). The
/// usings of a build file are given: the SDK's implicit ones and the Slipway namespaces.
/// </summary>
public sealed partial class DocSampleTests
{
    /// <summary>The SDK's implicit usings, as build/_build.csproj has them.</summary>
    private const string ImplicitUsings =
        "global using System; global using System.Collections.Generic; global using System.IO; global using System.Linq; " +
        "global using System.Net.Http; global using System.Threading; global using System.Threading.Tasks;";

    private static readonly string[] Usings =
    [
        "System.Diagnostics.CodeAnalysis", "System.Net", "Slipway.Engine", "Slipway.Engine.IO", "Slipway.Delivery.Components", "Slipway.Delivery.Deploy",
    ];

    public static IEnumerable<string> Samples() => Extract().Select(s => s.Location);

    [Test]
    public void The_docs_have_samples_to_compile()
    {
        Assert.That(Samples().Count(), Is.GreaterThanOrEqualTo(5));
    }

    [TestCaseSource(nameof(Samples))]
    public void Sample_compiles(string location)
    {
        var sample = Extract().Single(s => s.Location == location);
        var errors = Compile([(string.Empty, sample.Source), .. sample.Beside.Select(f => (Path.GetFileName(f), File.ReadAllText(f)))])
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => $"{d.Id} at {Where(d, sample)}: {d.GetMessage()}")
            .ToList();

        Assert.That(errors, Is.Empty, $"{location} does not compile:\n{sample.Source}");
    }

    private sealed record Sample(string Location, string Source, int FirstLine, IReadOnlyList<string> Beside);

    private static string Where(Diagnostic diagnostic, Sample sample)
    {
        var span = diagnostic.Location.GetLineSpan();
        return span.Path.Length > 0 ? $"{span.Path}:{span.StartLinePosition.Line + 1}" : $"sample line {span.StartLinePosition.Line + 1 - sample.FirstLine}";
    }

    private static IEnumerable<Sample> Extract()
    {
        var root = DockerTestEnvironment.RepositoryRoot();
        var files = new[] { Path.Combine(root, "README.md") }.Concat(Directory.GetFiles(Path.Combine(root, "docs"), "*.md").Order(StringComparer.Ordinal));
        foreach (var file in files)
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].Trim() != "```csharp")
                {
                    continue;
                }

                var start = i + 1;
                var end = Array.FindIndex(lines, start, l => l.Trim() == "```");
                var block = lines[start..end];
                var replaced = block.Length > 0 ? ReplacesMarker().Match(block[0]) : Match.Empty;
                var beside = replaced.Success
                    ? Directory.GetFiles(Path.Combine(root, "build"), "*.cs").Where(f => Path.GetRelativePath(root, f) != replaced.Groups["path"].Value).ToList()
                    : [];
                if (replaced.Success && beside.Count == Directory.GetFiles(Path.Combine(root, "build"), "*.cs").Length)
                {
                    throw new InvalidOperationException($"{Path.GetRelativePath(root, file)}:{start + 1} replaces {replaced.Groups["path"].Value}, which does not exist.");
                }

                yield return new Sample($"{Path.GetRelativePath(root, file)}:{start + 1}", Wrap(block, out var firstLine), firstLine, beside);
                i = end;
            }
        }
    }

    /// <summary>The compilation unit of a block; <paramref name="firstLine"/> is the line of the unit the block starts on.</summary>
    private static string Wrap(string[] block, out int firstLine)
    {
        var header = string.Concat(Usings.Select(u => $"using {u};\n")) + "using static Slipway.Engine.GitHubTokenAccess;\n";
        var marker = block.Length > 0 ? InsideMarker().Match(block[0]) : Match.Empty;
        if (!marker.Success)
        {
            firstLine = Usings.Length + 1;
            return header + string.Join('\n', block) + "\n";
        }

        firstLine = Usings.Length + 3;
        return header + marker.Groups["declaration"].Value + "\n{\n" + string.Join('\n', block) + "\n}\n";
    }

    private static ImmutableArray<Diagnostic> Compile(IEnumerable<(string Path, string Text)> sources)
    {
        var options = new CSharpParseOptions(LanguageVersion.Preview);
        var trees = sources.Select(source => CSharpSyntaxTree.ParseText(source.Text, options, path: source.Path))
            .Append(CSharpSyntaxTree.ParseText(ImplicitUsings, options, path: "implicit usings"));
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Concat([typeof(SlipwayBuild).Assembly.Location, typeof(IDeploy).Assembly.Location])
            .Distinct(StringComparer.Ordinal)
            .Select(path => MetadataReference.CreateFromFile(path));
        var compilation = CSharpCompilation.Create(
            "DocSample",
            trees,
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        return compilation.GetDiagnostics();
    }

    [GeneratedRegex(@"^\s*//\s*sample:\s*replaces\s+(?<path>\S+)\s*$")]
    private static partial Regex ReplacesMarker();

    [GeneratedRegex(@"^\s*//\s*sample:\s*inside\s+(?<declaration>.+?)\s*$")]
    private static partial Regex InsideMarker();
}
