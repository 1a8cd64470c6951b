using Slipway.Delivery.Components;
using Slipway.Engine;
using Slipway.Engine.Hosts;
using Slipway.Engine.IO;
using Slipway.Engine.Parameters;

namespace Slipway.Delivery.Tests.Image;

public sealed class ImageParameterTests
{
    [Test]
    public void The_image_repository_is_lowercased_as_registries_require()
    {
        // The generated workflows pass github.repository, which keeps the owner's capitals.
        Assert.That(BuildWith(nameof(IHazImage.ImageRepository), "Acme/Catalog-Api").Repository, Is.EqualTo("acme/catalog-api"));
    }

    [Test]
    public void The_image_repository_defaults_to_the_repository_folder_s_name_lowercased()
    {
        // The library knows no app: a build names its image (build/Build.Image.cs), else the folder is the best guess.
        Assert.That(BuildWith(null, null, root: Path.Combine(Path.GetTempPath(), "Catalog-Api")).Repository, Is.EqualTo("catalog-api"));
    }

    private static ImageComponent BuildWith(string? parameter, string? value, string? root = null)
    {
        var context = new BuildContext(AbsolutePath.Create(root ?? Path.GetTempPath()), new TerminalHost(TextWriter.Null, useColor: false), new Dictionary<string, string>());
        if (parameter is not null)
        {
            context.Parameters.Set(parameter, value, ParameterSource.Environment);
        }

        return new ImageComponent(context);
    }

    private sealed class ImageComponent(BuildContext context) : IHazImage
    {
        public BuildContext Context => context;

        public AbsolutePath RootDirectory => context.RootDirectory;

        public AbsolutePath ArtifactsDirectory => RootDirectory / "artifacts";

        public AbsolutePath TemporaryDirectory => RootDirectory / ".nuke" / "temp";

        public BuildHost Host => context.Host;

        public bool IsServerBuild => false;

        public bool IsLocalBuild => true;

        public string Repository => ((IHazImage)this).ImageRepository;
    }
}
