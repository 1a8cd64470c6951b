using System.Xml.Linq;
using Slipway.Delivery.Quality;
using Slipway.Engine;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Tests.Quality;

public class CoverageTests
{
    private string directory = null!;

    [SetUp]
    public void CreateDirectory() => directory = Directory.CreateTempSubdirectory("slipway-coverage-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(directory, recursive: true);

    [Test]
    public void Coverage_is_merged_per_assembly_over_test_runs()
    {
        // Engine.Tests covers lines 1 and 2 of Engine; Delivery.Tests covers line 3 of Engine and line 1 of Delivery.
        var engineRun = Write("engine.xml", Cobertura(("Slipway.Engine", "Planner.cs", [(1, 4), (2, 1), (3, 0), (4, 0)])));
        var deliveryRun = Write("delivery.xml", Cobertura(
            ("Slipway.Engine", "Planner.cs", [(1, 0), (2, 0), (3, 2), (4, 0)]),
            ("Slipway.Delivery", "Scan.cs", [(1, 1), (2, 0)])));

        var coverage = CoberturaReader.ReadMerged([engineRun, deliveryRun]);

        Assert.That(coverage, Is.EqualTo(new[]
        {
            new ProjectCoverage("Slipway.Delivery", 1, 2),
            new ProjectCoverage("Slipway.Engine", 3, 4),
        }));
        Assert.That(coverage[1].Percent, Is.EqualTo(75));
    }

    [Test]
    public void File_names_relative_to_different_source_roots_are_the_same_file()
    {
        // Engine.Tests reports against src/Slipway.Engine/, Delivery.Tests against src/: one file, lines counted once.
        Directory.CreateDirectory(Path.Combine(directory, "src", "Slipway.Engine", "Planning"));
        File.WriteAllText(Path.Combine(directory, "src", "Slipway.Engine", "Planning", "Planner.cs"), "// source");
        var engineRun = Write("engine.xml", Cobertura(Path.Combine(directory, "src", "Slipway.Engine") + "/", ("Slipway.Engine", "Planning/Planner.cs", [(1, 1), (2, 0)])));
        var deliveryRun = Write("delivery.xml", Cobertura(Path.Combine(directory, "src") + "/", ("Slipway.Engine", "Slipway.Engine/Planning/Planner.cs", [(1, 0), (2, 3)])));

        Assert.That(CoberturaReader.ReadMerged([engineRun, deliveryRun]), Is.EqualTo(new[] { new ProjectCoverage("Slipway.Engine", 2, 2) }));
    }

    [Test]
    public void Lines_repeated_under_methods_count_once()
    {
        var document = XDocument.Parse("""
            <coverage><packages><package name="A"><classes><class name="A.B" filename="B.cs">
              <methods><method name="M"><lines><line number="7" hits="1" /></lines></method></methods>
              <lines><line number="7" hits="1" /><line number="8" hits="0" /></lines>
            </class></classes></package></packages></coverage>
            """);

        Assert.That(CoberturaReader.Read(document), Is.EqualTo(new[] { new ProjectCoverage("A", 1, 2) }));
    }

    [Test]
    public void Percentages_round_down_so_79_96_never_reads_80()
    {
        var project = new ProjectCoverage("A", 7996, 10000);

        Assert.That(project.PercentText, Is.EqualTo("79.9%"));
        Assert.That(project.ToString(), Is.EqualTo("A 79.9% (7996/10000 lines)"));
        Assert.That(new ProjectCoverage("Empty", 0, 0).Percent, Is.EqualTo(100));
    }

    [Test]
    public void The_gate_lists_projects_below_the_threshold_lowest_first()
    {
        ProjectCoverage[] projects = [new("High", 90, 100), new("Low", 10, 100), new("Middle", 79, 100), new("Exact", 80, 100)];

        Assert.That(CoverageGate.Below(projects, 80).Select(p => p.Project), Is.EqualTo(new[] { "Low", "Middle" }));
        Assert.That(CoverageGate.Below(projects, 0), Is.Empty);
    }

    [TestCase(-1)]
    [TestCase(101)]
    public void A_threshold_outside_0_to_100_is_bad_input(int threshold)
    {
        var exception = Assert.Throws<BuildFailedException>(() => CoverageGate.Validate(threshold));

        Assert.That(exception!.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
        Assert.That(exception.Message, Does.Contain("--coverage-threshold"));
    }

    [Test]
    public void Coverage_collection_asks_coverlet_for_cobertura_without_test_code()
    {
        var test = new ToolInvocation("dotnet", "test", "tests/A.Tests/A.Tests.csproj").WithCoverage(["Slipway.Testing", "A.Tests"]);

        Assert.That(test.Arguments, Is.SupersetOf(new[] { "--collect", "XPlat Code Coverage", "--" }));
        Assert.That(test.Arguments, Does.Contain("DataCollectionRunSettings.DataCollectors.DataCollector.Configuration.Format=cobertura"));
        Assert.That(test.Arguments.Single(a => a.Contains("Exclude=", StringComparison.Ordinal)), Does.EndWith("Exclude=[*.Tests]*,[_build]*,[Slipway.Testing]*,[A.Tests]*"));
        Assert.That(test.Arguments.ToList().IndexOf("--"), Is.GreaterThan(test.Arguments.ToList().IndexOf("XPlat Code Coverage")));
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static string Cobertura(params (string Package, string File, (int Line, int Hits)[] Lines)[] packages) =>
        Cobertura("/repo/src/", packages);

    private static string Cobertura(string source, params (string Package, string File, (int Line, int Hits)[] Lines)[] packages) =>
        new XDocument(new XElement("coverage", new XElement("sources", new XElement("source", source)), new XElement("packages", packages.Select(p =>
            new XElement("package", new XAttribute("name", p.Package), new XElement("classes",
                new XElement("class", new XAttribute("name", p.Package + ".C"), new XAttribute("filename", p.File),
                    new XElement("lines", p.Lines.Select(l => new XElement("line", new XAttribute("number", l.Line), new XAttribute("hits", l.Hits))))))))))).ToString();
}
