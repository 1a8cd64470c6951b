using Slipway.Delivery.Quality;
using Slipway.Engine.IO;

namespace Slipway.Delivery.Tests.Quality;

public class FindingFormatTests
{
    private static readonly AbsolutePath Root = AbsolutePath.Create("/repo");

    [Test]
    public void A_finding_reads_path_line_rule_message()
    {
        Assert.That(new Finding("src/A.cs", 12, "CA1822", "Mark members as static").ToString(), Is.EqualTo("src/A.cs:12: CA1822: Mark members as static"));
        Assert.That(new Finding("src/A.csproj", null, "NU1903", "vulnerable").ToString(), Is.EqualTo("src/A.csproj: NU1903: vulnerable"));
    }

    [Test]
    public void Tool_paths_become_repository_relative()
    {
        Assert.That(RepositoryPath.Relative(Root, "/repo/src/A.cs"), Is.EqualTo("src/A.cs"));
        Assert.That(RepositoryPath.Relative(Root, "file:///repo/src/My%20File.cs"), Is.EqualTo("src/My File.cs"));
        Assert.That(RepositoryPath.Relative(Root, "src\\B.cs"), Is.EqualTo("src/B.cs"));
        Assert.That(RepositoryPath.Relative(Root, "/elsewhere/C.cs"), Is.EqualTo("/elsewhere/C.cs"));
    }
}
