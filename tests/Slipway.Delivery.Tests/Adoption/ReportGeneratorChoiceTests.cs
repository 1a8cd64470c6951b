using Slipway.Delivery.Quality;
using Slipway.Engine.IO;

namespace Slipway.Delivery.Tests.Adoption;

/// <summary>The HTML coverage report in a repository that pins ReportGenerator (this one) and in one that does not (an adopter's).</summary>
public sealed class ReportGeneratorChoiceTests
{
    [Test]
    public void A_pinned_tool_runs_from_the_manifest_and_an_unpinned_one_once_with_tool_exec()
    {
        var folder = Directory.CreateTempSubdirectory("slipway-tools-");
        try
        {
            var root = AbsolutePath.Create(folder.FullName);
            Assert.That(ReportGeneratorCommands.PinnedIn(root), Is.False);
            var unpinned = ReportGeneratorCommands.HtmlReport(root, ["a.xml"], root / "coverage", "t", pinned: false).Render();
            Assert.That(unpinned, Does.StartWith("dotnet tool exec dotnet-reportgenerator-globaltool@5.6.0 --yes -- -reports:a.xml"));

            Directory.CreateDirectory(Path.Combine(folder.FullName, ".config"));
            File.WriteAllText(Path.Combine(folder.FullName, ".config", "dotnet-tools.json"),
                """{ "version": 1, "isRoot": true, "tools": { "dotnet-reportgenerator-globaltool": { "version": "5.6.0", "commands": ["reportgenerator"] } } }""");
            Assert.That(ReportGeneratorCommands.PinnedIn(root), Is.True);
            Assert.That(ReportGeneratorCommands.HtmlReport(root, ["a.xml"], root / "coverage", "t").Render(), Does.StartWith("dotnet tool run reportgenerator -- -reports:a.xml"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
