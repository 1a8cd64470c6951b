namespace Slipway.Delivery.Tests.Quality;

/// <summary>
/// Restore as a cached target against a scratch repository with one project: a re-run with nothing changed evaluates
/// no project, a deleted assets file is put back, a changed project file re-runs it. Real dotnet restore.
/// </summary>
[NonParallelizable]
public class RestoreCacheTests
{
    private const string Project = "src/Scratch/Scratch.csproj";

    private ScratchRepository repository = null!;

    [OneTimeSetUp]
    public void CreateRepository()
    {
        repository = new ScratchRepository("restore");
        repository.WriteSolution(Project);
        repository.WriteFile(Project, "<Project Sdk=\"Microsoft.NET.Sdk\" />\n");
    }

    [OneTimeTearDown]
    public void RemoveRepository() => repository.Dispose();

    [Test]
    public void Restore_is_skipped_when_nothing_changed_puts_back_a_deleted_assets_file_and_reruns_after_a_project_change()
    {
        var assets = repository.Root / "src" / "Scratch" / "obj" / "project.assets.json";

        var first = repository.RunCached("Restore");
        var firstOutput = repository.Output;
        var again = repository.RunCached("Restore");
        var againOutput = repository.Output;
        File.Delete(assets);
        var afterDelete = repository.RunCached("Restore");
        var afterDeleteOutput = repository.Output;
        var assetsPutBack = File.Exists(assets);
        repository.WriteFile(Project, "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup><Nullable>enable</Nullable></PropertyGroup>\n</Project>\n");
        var afterChange = repository.RunCached("Restore");
        var afterChangeOutput = repository.Output;

        Assert.That(new[] { first, again, afterDelete, afterChange }, Is.All.Zero);
        Assert.That(firstOutput, Does.Contain("> dotnet restore"));
        Assert.That(againOutput, Does.Not.Contain("> dotnet restore"));
        Assert.That(againOutput, Does.Match(@"Restore\s+Cached"));
        Assert.That(afterDeleteOutput, Does.Not.Contain("> dotnet restore"));
        Assert.That(assetsPutBack, Is.True, "the cache puts a deleted output back");
        Assert.That(afterChangeOutput, Does.Contain("> dotnet restore"), "a changed project file re-runs Restore");
    }
}
