using Slipway.Delivery.DotNet;
using Slipway.Engine.IO;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Security;

/// <summary>The command lines of the Scan target, as data.</summary>
public static class SecurityCommands
{
    /// <summary>
    /// The security build: a full compile (analyzers only run when the compiler runs) with the security rules as
    /// errors and SARIF per project; Directory.Build.props keeps its outputs in bin/sast and obj/sast.
    /// </summary>
    public static ToolInvocation SecurityBuild(AbsolutePath solutionFilter, Configuration configuration, AbsolutePath sarifDirectory)
    {
        ArgumentNullException.ThrowIfNull(solutionFilter);
        ArgumentNullException.ThrowIfNull(sarifDirectory);
        return new ToolInvocation(
            "dotnet", "build", solutionFilter, "--nologo", "--no-restore", "--no-incremental",
            "--configuration", configuration.ToString(),
            "-p:SlipwaySecurityScan=true", $"-p:SlipwaySarifDirectory={sarifDirectory}")
        {
            LogOutput = false,
        };
    }

    /// <summary>NuGet's vulnerability data for every package, transitive ones too (the sources' VulnerabilityInfo resource).</summary>
    public static ToolInvocation VulnerablePackages(AbsolutePath solution) =>
        new("dotnet", "list", solution, "package", "--vulnerable", "--include-transitive", "--format", "json", "--output-version", "1")
        {
            LogOutput = false,
        };

    public static ToolInvocation TrivyVersion() => new("trivy", "--version") { LogOutput = false };

    /// <summary>
    /// <c>trivy image</c> limited to HIGH and CRITICAL, as JSON (read for the gate and the messages); it never fails by
    /// exit code, the gate decides from the report.
    /// </summary>
    public static ToolInvocation TrivyImage(string image, AbsolutePath jsonReport) =>
        new("trivy", "image", "--scanners", "vuln", "--severity", "HIGH,CRITICAL", "--format", "json",
            "--output", jsonReport, "--exit-code", "0", "--quiet", image);

    /// <summary>The same findings as SARIF, converted from the JSON report without scanning again.</summary>
    public static ToolInvocation TrivySarif(AbsolutePath jsonReport, AbsolutePath sarifReport) =>
        new("trivy", "convert", "--format", "sarif", "--output", sarifReport, jsonReport);
}
