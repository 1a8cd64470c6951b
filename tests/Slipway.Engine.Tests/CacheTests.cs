using Slipway.Engine.Caching;
using Slipway.Engine.IO;
using Slipway.Engine.Tests.Builds;
using Slipway.Engine.Tests.Support;

namespace Slipway.Engine.Tests;

/// <summary>The cache's safety as much as its speed: what re-runs, what is restored, what is ignored.</summary>
public sealed class CacheTests
{
    private BuildHarness harness = null!;

    [SetUp]
    public void SetUp()
    {
        harness = new BuildHarness();
        CacheBuild.Runs.Clear();
        harness.WriteFile("src/a.txt", "alpha");
        harness.WriteFile("src/nested/b.txt", "beta");
        harness.WriteFile("src/ignored/c.txt", "gamma");
    }

    [TearDown]
    public void TearDown() => harness.Dispose();

    private int Runs(string target) => CacheBuild.Runs.GetValueOrDefault(target);

    private string Read(string relative) => File.ReadAllText(Path.Combine(harness.Root, relative));

    [Test]
    public void A_rerun_with_nothing_changed_is_cached_and_shows_the_stored_notes()
    {
        Assert.That(harness.Run<CacheBuild>("Generate"), Is.EqualTo(0));
        Assert.That(harness.Run<CacheBuild>("Generate"), Is.EqualTo(0));
        Assert.That(Runs("Generate"), Is.EqualTo(1));
        Assert.That(harness.Output, Does.Match(@"Generate\s+Cached\s+\d+\.\ds\s+[+-]\d+\.\ds\s+up to date: inputs unchanged since run \d{8}T"));
        Assert.That(harness.Output, Does.Contain("Generate: 10 characters"));
    }

    [Test]
    public void A_changed_input_file_reruns_and_an_excluded_one_does_not()
    {
        harness.Run<CacheBuild>("Generate");
        harness.WriteFile("src/ignored/c.txt", "changed, but excluded");
        harness.Run<CacheBuild>("Generate");
        Assert.That(Runs("Generate"), Is.EqualTo(1));

        harness.WriteFile("src/nested/b.txt", "BETA");
        harness.Run<CacheBuild>("Generate");
        Assert.That(Runs("Generate"), Is.EqualTo(2));
        Assert.That(Read("out/result.txt"), Is.EqualTo("alphaplain"), "Generate reads only src/*.txt; b.txt is an input all the same");
    }

    [Test]
    public void A_new_input_file_reruns()
    {
        harness.Run<CacheBuild>("Generate");
        harness.WriteFile("src/nested/deeper/d.txt", "delta");
        harness.Run<CacheBuild>("Generate");
        Assert.That(Runs("Generate"), Is.EqualTo(2));
    }

    [Test]
    public void A_changed_parameter_reruns_and_going_back_hits_the_earlier_entry()
    {
        harness.Run<CacheBuild>("Generate");
        harness.Run<CacheBuild>("Generate", "--flavor", "spicy");
        Assert.That(Runs("Generate"), Is.EqualTo(2));
        Assert.That(Read("out/result.txt"), Does.EndWith("spicy"));

        harness.Run<CacheBuild>("Generate");
        Assert.That(Runs("Generate"), Is.EqualTo(2));
        Assert.That(Read("out/result.txt"), Does.EndWith("plain"), "the outputs of the matching run are restored");
    }

    [Test]
    public void Deleted_outputs_are_restored_from_the_cache()
    {
        harness.Run<CacheBuild>("Generate");
        File.Delete(Path.Combine(harness.Root, "out/result.txt"));
        Directory.Delete(Path.Combine(harness.Root, "out/reports"), recursive: true);
        Assert.That(harness.Run<CacheBuild>("Generate"), Is.EqualTo(0));
        Assert.That(Runs("Generate"), Is.EqualTo(1));
        Assert.That(Read("out/result.txt"), Is.EqualTo("alphaplain"));
        Assert.That(Read("out/reports/summary.txt"), Is.EqualTo("report of alphaplain"));
    }

    [Test]
    public void No_cache_runs_everything()
    {
        harness.Run<CacheBuild>("Generate");
        Assert.That(harness.Run<CacheBuild>("Generate", "--no-cache"), Is.EqualTo(0));
        Assert.That(Runs("Generate"), Is.EqualTo(2));
        Assert.That(harness.Output, Does.Match(@"Generate\s+Succeeded"));
    }

    [Test]
    public void A_target_that_declares_nothing_always_runs()
    {
        harness.Run<CacheBuild>("Plain");
        harness.Run<CacheBuild>("Plain");
        Assert.That(Runs("Plain"), Is.EqualTo(2));
    }

    [Test]
    public void A_dependency_that_reran_reruns_its_cached_dependents()
    {
        harness.Run<CacheBuild>("Check");
        harness.Run<CacheBuild>("Check");
        Assert.That((Runs("Generate"), Runs("Check")), Is.EqualTo((1, 1)));
        harness.Run<CacheBuild>("Check", "--flavor", "salty");
        Assert.That((Runs("Generate"), Runs("Check")), Is.EqualTo((2, 2)));
    }

    [Test]
    public void A_failure_is_never_cached()
    {
        harness.WriteFile("src/a.txt", "boom");
        Assert.That(harness.Run<CacheBuild>("Fragile"), Is.EqualTo(ExitCodes.TargetFailed));
        Assert.That(harness.Run<CacheBuild>("Fragile"), Is.EqualTo(ExitCodes.TargetFailed));
        Assert.That(Runs("Fragile"), Is.EqualTo(2));
    }

    [Test]
    public void An_input_value_that_throws_fails_its_target_before_it_runs()
    {
        Assert.That(harness.Run<CacheBuild>("BadInput", "Plain"), Is.EqualTo(ExitCodes.TargetFailed));
        Assert.That(Runs("BadInput"), Is.Zero);
        Assert.That(harness.Output, Does.Match(@"BadInput\s+Failed\s+\d+\.\ds\s+no value for the key"));
        Assert.That(harness.Run<CacheBuild>("BadInput", "--no-cache"), Is.EqualTo(0), "without the cache no key is computed");
    }

    [Test]
    public void A_cached_step_reruns_only_when_its_own_inputs_change()
    {
        harness.Run<CacheBuild>("Parts");
        harness.Run<CacheBuild>("Parts");
        Assert.That((Runs("Parts"), Runs("part a"), Runs("part nested")), Is.EqualTo((2, 1, 1)), "the target runs, its unchanged steps do not");

        harness.WriteFile("src/nested/b.txt", "BETA");
        File.Delete(Path.Combine(harness.Root, "out/a.txt"));
        harness.Run<CacheBuild>("Parts");
        Assert.Multiple(() =>
        {
            Assert.That((Runs("part a"), Runs("part nested")), Is.EqualTo((1, 2)), "only the step whose input changed re-ran");
            Assert.That(Read("out/a.txt"), Is.EqualTo("alphaplain"), "the unchanged step's deleted output was restored");
            Assert.That(Read("out/nested.txt"), Does.StartWith("BETA"));
            Assert.That(harness.Output, Does.Contain("part a: up to date (cached from run"));
        });

        harness.Run<CacheBuild>("Parts", "--flavor", "spicy");
        harness.Run<CacheBuild>("Parts", "--no-cache");
        Assert.That((Runs("part a"), Runs("part nested")), Is.EqualTo((3, 4)), "a changed value re-runs every step; --no-cache runs them all");
    }

    [Test]
    public void A_failed_step_is_never_cached()
    {
        harness.WriteFile("src/nested/b.txt", "boom");
        harness.Run<CacheBuild>("Parts");
        harness.Run<CacheBuild>("Parts");
        Assert.That((Runs("part a"), Runs("part nested")), Is.EqualTo((1, 2)));
    }

    [Test]
    public void A_corrupt_entry_is_ignored_with_a_warning()
    {
        harness.Run<CacheBuild>("Generate");
        foreach (var entry in Directory.GetFiles(Path.Combine(harness.Root, ".nuke/temp/cache/entries")))
        {
            File.WriteAllText(entry, "{ not json");
        }

        Assert.That(harness.Run<CacheBuild>("Generate"), Is.EqualTo(0));
        Assert.That(Runs("Generate"), Is.EqualTo(2));
        Assert.That(harness.Output, Does.Contain("WARNING: Ignoring the cache entry of Generate"));
        Assert.That(harness.Run<CacheBuild>("Generate"), Is.EqualTo(0));
        Assert.That(Runs("Generate"), Is.EqualTo(2), "the rerun stored a good entry again");
    }

    [Test]
    public void A_damaged_stored_output_is_a_miss_with_a_warning()
    {
        harness.Run<CacheBuild>("Generate");
        foreach (var stored in Directory.GetFiles(Path.Combine(harness.Root, ".nuke/temp/cache/objects"), "*", SearchOption.AllDirectories))
        {
            File.WriteAllText(stored, "tampered");
        }

        File.Delete(Path.Combine(harness.Root, "out/result.txt"));
        Assert.That(harness.Run<CacheBuild>("Generate"), Is.EqualTo(0));
        Assert.That(Runs("Generate"), Is.EqualTo(2));
        Assert.That(harness.Output, Does.Contain("missing or damaged"));
        Assert.That(Read("out/result.txt"), Is.EqualTo("alphaplain"));

        File.Delete(Path.Combine(harness.Root, "out/result.txt"));
        Assert.That(harness.Run<CacheBuild>("Generate"), Is.EqualTo(0));
        Assert.That(Runs("Generate"), Is.EqualTo(2), "the rerun stored good copies again");
    }

    [Test]
    public void A_stored_copy_damaged_without_changing_its_size_is_caught_when_it_is_needed()
    {
        harness.Run<CacheBuild>("Generate");
        var stored = Directory.GetFiles(Path.Combine(harness.Root, ".nuke/temp/cache/objects"), "*", SearchOption.AllDirectories)
            .Single(f => File.ReadAllText(f) == "alphaplain");
        File.WriteAllText(stored, "ALPHAPLAIN");

        Assert.That(harness.Run<CacheBuild>("Generate"), Is.EqualTo(0));
        Assert.That(Runs("Generate"), Is.EqualTo(1), "the output was in place: nothing to copy, nothing to check");

        File.Delete(Path.Combine(harness.Root, "out/result.txt"));
        Assert.That(harness.Run<CacheBuild>("Generate"), Is.EqualTo(0));
        Assert.That(Runs("Generate"), Is.EqualTo(2));
        Assert.That(harness.Output, Does.Contain("missing or damaged"));
        Assert.That(Read("out/result.txt"), Is.EqualTo("alphaplain"));

        File.Delete(Path.Combine(harness.Root, "out/result.txt"));
        Assert.That(harness.Run<CacheBuild>("Generate"), Is.EqualTo(0));
        Assert.That(Runs("Generate"), Is.EqualTo(2), "the rerun stored a good copy again");
        Assert.That(Read("out/result.txt"), Is.EqualTo("alphaplain"));
    }

    [Test]
    public void Two_clones_of_the_same_files_share_hits()
    {
        harness.Run<CacheBuild>("Generate");
        using var clone = new BuildHarness();
        clone.WriteFile("src/a.txt", "alpha");
        clone.WriteFile("src/nested/b.txt", "beta");
        clone.WriteFile("src/ignored/c.txt", "something else entirely");
        CopyDirectory(Path.Combine(harness.Root, ".nuke/temp/cache"), Path.Combine(clone.Root, ".nuke/temp/cache"));

        Assert.That(clone.Run<CacheBuild>("Generate"), Is.EqualTo(0));
        Assert.That(Runs("Generate"), Is.EqualTo(1));
        Assert.That(File.ReadAllText(Path.Combine(clone.Root, "out/result.txt")), Is.EqualTo("alphaplain"));
    }

    [Test]
    public void The_store_is_trimmed_to_its_size_bound_least_recently_used_first()
    {
        var root = AbsolutePath.Create(harness.Root);
        var target = TargetGraph.Create(new CacheBuild()).Find("Generate")!;
        harness.WriteFile("out/result.txt", new string('x', 600));
        harness.WriteFile("out/reports/summary.txt", "r");
        var cache = new TargetCache(root, "run-1") { MaxBytes = 1000 };
        cache.Store(target, "old", []);
        harness.WriteFile("out/result.txt", new string('y', 600));
        cache.Store(target, "new", []);

        Assert.That(cache.Find(target, "new"), Is.Not.Null);
        Assert.That(File.Exists(Path.Combine(harness.Root, ".nuke/temp/cache/entries/old.json")), Is.False);
        var objects = Directory.GetFiles(Path.Combine(harness.Root, ".nuke/temp/cache/objects"), "*", SearchOption.AllDirectories);
        Assert.That(objects.Sum(f => new FileInfo(f).Length), Is.LessThanOrEqualTo(1000));
    }

    [Test]
    public void Globs_match_relative_paths_and_never_build_output()
    {
        harness.WriteFile("src/App/Program.cs", "");
        harness.WriteFile("src/App/bin/Debug/App.dll", "");
        harness.WriteFile("src/App/obj/App.AssemblyInfo.cs", "");
        harness.WriteFile("global.json", "{}");
        harness.WriteFile(".editorconfig", "root = true");
        harness.WriteFile(".slipway/policy.json", "{}");
        harness.WriteFile("App.slnx", "<Solution />");
        harness.WriteFile("src/Nested.slnx", "<Solution />");
        var files = FileGlob.Match(AbsolutePath.Create(harness.Root), ["src/**/*.cs", "./global.json", "src/nested", "missing/**", ".editorconfig", ".slipway/", "*.slnx", "src/*/*.cs"]);
        Assert.That(files, Is.EqualTo(new[] { ".editorconfig", ".slipway/policy.json", "App.slnx", "global.json", "src/App/Program.cs", "src/nested/b.txt" }));
    }

    [Test]
    public void The_last_pattern_that_matches_a_file_decides_so_a_folder_excluded_before_can_be_taken_back()
    {
        harness.WriteFile("tests/Api.Tests/ApiTests.cs", "");
        harness.WriteFile("tests/Api.Tests/Edge/EdgeTests.cs", "");
        harness.WriteFile("tests/Other.Tests/OtherTests.cs", "");
        harness.WriteFile("tests/Api.Tests/Edge/scratch.tmp", "");
        var files = FileGlob.Match(AbsolutePath.Create(harness.Root), ["**", "!src/**", "!tests/**", "tests/Api.Tests/", "!**/*.tmp"]);

        Assert.That(files, Is.EqualTo(new[] { "tests/Api.Tests/ApiTests.cs", "tests/Api.Tests/Edge/EdgeTests.cs" }),
            "outside src/ and tests/ (nothing here), plus the one project's files at any depth, minus what a later exclude takes out");
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }
}
