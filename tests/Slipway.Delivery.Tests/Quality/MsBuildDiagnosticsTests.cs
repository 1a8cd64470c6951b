using Slipway.Delivery.Quality;
using Slipway.Engine.IO;

namespace Slipway.Delivery.Tests.Quality;

public class MsBuildDiagnosticsTests
{
    private static readonly AbsolutePath Root = AbsolutePath.Create("/repo");

    [Test]
    public void Reads_analyzer_and_compiler_diagnostics_once_each()
    {
        string[] output =
        [
            "  Determining projects to restore...",
            "/repo/src/A/Thing.cs(12,41): error CA2201: Exception type System.Exception is not sufficiently specific (https://learn.microsoft.com/ca2201) [/repo/src/A/A.csproj]",
            "/repo/src/A/Thing.cs(12,41): error CA2201: Exception type System.Exception is not sufficiently specific (https://learn.microsoft.com/ca2201) [/repo/src/A/A.csproj]",
            "/repo/src/A/Other.cs(3,5,3,9): warning MA0012: Do not raise reserved exception type [/repo/src/A/A.csproj]",
            "/repo/src/A/A.csproj : error NU1101: Unable to find package Nope. [/repo/Slipway.slnx]",
            "Build FAILED.",
            "    1 Error(s)",
        ];

        var findings = MsBuildDiagnostics.Parse(output, Root);

        Assert.That(findings.Select(f => f.ToString()), Is.EqualTo(new[]
        {
            "src/A/Thing.cs:12: CA2201: Exception type System.Exception is not sufficiently specific (https://learn.microsoft.com/ca2201)",
            "src/A/Other.cs:3: MA0012: Do not raise reserved exception type",
            "src/A/A.csproj: NU1101: Unable to find package Nope.",
        }));
    }

    [Test]
    public void Lines_that_are_not_diagnostics_are_ignored()
    {
        string[] output = ["  A -> /repo/src/A/bin/Debug/net10.0/A.dll", "Time Elapsed 00:00:05.12", "warning: nothing here", string.Empty];

        Assert.That(MsBuildDiagnostics.Parse(output, Root), Is.Empty);
    }
}
