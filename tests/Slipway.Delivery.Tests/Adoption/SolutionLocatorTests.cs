using Slipway.Delivery.DotNet;
using Slipway.Engine;
using Slipway.Engine.IO;

namespace Slipway.Delivery.Tests.Adoption;

/// <summary>An adopted repository's solution is found by convention (the library used to assume Slipway.slnx).</summary>
public sealed class SolutionLocatorTests
{
    private static readonly AbsolutePath Root = AbsolutePath.Create(Path.GetTempPath()) / "repository";

    [Test]
    public void The_one_solution_at_the_root_is_the_solution()
    {
        Assert.That(SolutionLocator.Choose(Root, ["Orders.slnx"]).ToString(), Is.EqualTo((Root / "Orders.slnx").ToString()));
    }

    [Test]
    public void No_solution_is_bad_input_naming_the_fix()
    {
        var failure = Assert.Throws<BuildFailedException>(() => SolutionLocator.Choose(Root, []))!;
        Assert.That(failure.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
        Assert.That(failure.Message, Does.Contain("No solution (*.slnx or *.sln)").And.Contain("IHazSolution.Solution"));
    }

    [Test]
    public void Several_solutions_are_bad_input_naming_them()
    {
        var failure = Assert.Throws<BuildFailedException>(() => SolutionLocator.Choose(Root, ["A.sln", "B.slnx"]))!;
        Assert.That(failure.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
        Assert.That(failure.Message, Does.Contain("A.sln, B.slnx"));
    }

    [Test]
    public void Find_reads_the_root_folder()
    {
        var folder = Directory.CreateTempSubdirectory("slipway-solution-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "Orders.slnx"), "<Solution />");
            File.WriteAllText(Path.Combine(folder.FullName, "Orders.slnx.bak"), string.Empty);
            Assert.That(SolutionLocator.Find(AbsolutePath.Create(folder.FullName)).Name, Is.EqualTo("Orders.slnx"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
