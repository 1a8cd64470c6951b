using Slipway.Delivery.Docker;
using Slipway.Delivery.Image;
using Slipway.Engine;

namespace Slipway.Delivery.Tests.Image;

public class ImageBuildPlanTests
{
    private static readonly DockerClient Classic = new("/usr/bin/docker", new Version(20, 10, 24), DockerBuilderKind.ClassicBuildKit);
    private static readonly DockerClient Buildx = new("/usr/bin/docker", new Version(27, 0, 0), DockerBuilderKind.Buildx);
    private string root = null!;

    [SetUp]
    public void CreateRepository()
    {
        root = Directory.CreateTempSubdirectory("slipway-plan-").FullName;
        File.WriteAllText(Path.Combine(root, "Dockerfile"), "FROM scratch\n");
    }

    [TearDown]
    public void DeleteRepository() => Directory.Delete(root, recursive: true);

    private ImageBuildRequest Request() => new()
    {
        RepositoryRoot = root,
        Repository = "catalog-api",
        Version = "1.4.0",
        InformationalVersion = "1.4.0+Branch.main.Sha.1a2b3c4",
        Commit = "1a2b3c4d5e6f7081920a1b2c3d4e5f6071829304",
        Branch = "main",
        IsRelease = true,
        SourceUrl = "https://github.com/acme/slipway",
        Created = new DateTimeOffset(2026, 11, 21, 22, 30, 5, TimeSpan.FromHours(1)),
    };

    [Test]
    public void StampsVersionArgumentsAndOciLabels_AndTagsForTheDefaultRegistry()
    {
        var plan = ImageBuilder.Plan(Request(), Classic);

        Assert.That(plan.References, Is.EqualTo(new[]
        {
            "localhost:5000/catalog-api:sha-1a2b3c4", "localhost:5000/catalog-api:main", "localhost:5000/catalog-api:1.4.0",
        }));
        Assert.That(plan.Settings.BuildArguments, Is.EquivalentTo(new Dictionary<string, string>
        {
            ["VERSION"] = "1.4.0",
            ["INFORMATIONAL_VERSION"] = "1.4.0+Branch.main.Sha.1a2b3c4",
            ["COMMIT"] = "1a2b3c4d5e6f7081920a1b2c3d4e5f6071829304",
        }));
        Assert.That(plan.Settings.Labels, Is.EquivalentTo(new Dictionary<string, string>
        {
            [ImageLabels.Title] = "catalog-api",
            [ImageLabels.Version] = "1.4.0",
            [ImageLabels.Revision] = "1a2b3c4d5e6f7081920a1b2c3d4e5f6071829304",
            [ImageLabels.Created] = "2026-11-21T21:30:05Z",
            [ImageLabels.Source] = "https://github.com/acme/slipway",
        }));
        Assert.That(plan.Settings.Push, Is.False);
        Assert.That(plan.RecordPath, Is.EqualTo(Path.Combine(root, "artifacts", "image.json")));
    }

    [Test]
    public void BaseImageArgumentsPassThrough()
    {
        var plan = ImageBuilder.Plan(Request() with
        {
            BuildArguments = new Dictionary<string, string> { ["SDK_IMAGE"] = "slipway/standin-sdk:10.0" },
        }, Classic);

        Assert.That(plan.Settings.BuildArguments["SDK_IMAGE"], Is.EqualTo("slipway/standin-sdk:10.0"));
    }

    [Test]
    public void SeveralPlatforms_WithBuildx_PushFromTheBuild()
    {
        var plan = ImageBuilder.Plan(Request() with { Platforms = ["linux/amd64", "linux/arm64"] }, Buildx);

        Assert.That(plan.IsMultiPlatform, Is.True);
        Assert.That(plan.Settings.Push, Is.True);
    }

    [Test]
    public void SeveralPlatforms_WithoutBuildx_AreOneBuildPerPlatform_EachUnderItsOwnTag()
    {
        var plan = ImageBuilder.Plan(Request() with { Platforms = ["linux/amd64", "linux/arm64"] }, Classic);

        Assert.That(plan.Settings.Push, Is.False);
        Assert.That(plan.PlatformBuilds.Select(b => b.Reference),
            Is.EqualTo(new[] { "localhost:5000/catalog-api:sha-1a2b3c4-linux-amd64", "localhost:5000/catalog-api:sha-1a2b3c4-linux-arm64" }));
        Assert.That(plan.PlatformBuilds.Select(b => string.Join(',', b.Settings.Platforms)), Is.EqualTo(new[] { "linux/amd64", "linux/arm64" }));
        Assert.That(plan.PlatformBuilds.Select(b => b.Settings.Tags.Single()), Is.EqualTo(plan.PlatformBuilds.Select(b => b.Reference)));
    }

    [Test]
    public void ARegistryCacheExport_WithoutBuildx_IsBadInput()
    {
        var exception = Assert.Throws<BuildFailedException>(() =>
            ImageBuilder.Plan(Request() with { CacheTo = ["type=registry,ref=localhost:5000/c:cache"] }, Classic));

        Assert.That(exception.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
    }

    [Test]
    public void AMissingDockerfile_IsBadInput()
    {
        var exception = Assert.Throws<BuildFailedException>(() => ImageBuilder.Plan(Request() with { Dockerfile = "nope/Dockerfile" }, Classic));

        Assert.That(exception.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
    }
}
