using System.Reflection;
using System.Reflection.Emit;
using Catalog.Api.Status;

namespace Catalog.Api.Tests.Unit;

public sealed class BuildInfoTests
{
    [Test]
    public void Version_and_commit_come_from_the_stamped_attributes()
    {
        var assembly = AssemblyWith(
            new CustomAttributeBuilder(
                typeof(AssemblyInformationalVersionAttribute).GetConstructor([typeof(string)])!, ["1.4.0-beta.2+7c1d2e3"]),
            new CustomAttributeBuilder(
                typeof(AssemblyMetadataAttribute).GetConstructor([typeof(string), typeof(string)])!, ["SourceCommit", "7c1d2e3f"]));

        var build = BuildInfo.FromAssembly(assembly);

        Assert.That(build, Is.EqualTo(new BuildInfo("catalog-api", "1.4.0-beta.2+7c1d2e3", "7c1d2e3f")));
    }

    [Test]
    public void An_unstamped_commit_reads_unknown()
    {
        Assert.That(BuildInfo.FromAssembly(AssemblyWith()).Commit, Is.EqualTo(BuildInfo.UnknownCommit));
    }

    private static AssemblyBuilder AssemblyWith(params CustomAttributeBuilder[] attributes) =>
        AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("Stamped" + Guid.NewGuid().ToString("N")), AssemblyBuilderAccess.Run, attributes);
}
