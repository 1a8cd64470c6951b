using Slipway.Delivery.DotNet;
using Slipway.Delivery.Image;
using Slipway.Engine.IO;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Security;

/// <summary>The command lines of the Scan target, as data.</summary>
internal static class SecurityCommands
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

    /// <summary><c>trivy version --format json</c>: the scanner's and its vulnerability database's versions, for a scan record.</summary>
    public static ToolInvocation TrivyVersionJson() => new("trivy", "version", "--format", "json") { LogOutput = false };

    /// <summary>The severities <see cref="TrivyImage"/> asks trivy for: a scan record says it covers these and no others.</summary>
    public static readonly IReadOnlyList<string> TrivyImageSeverities = ["CRITICAL", "HIGH"];

    /// <summary>
    /// <c>trivy image</c> limited to HIGH and CRITICAL, as JSON (read for the gate and the messages); it never fails by
    /// exit code, the gate decides from the report. With <paramref name="fromRegistry"/> it reads the image from its
    /// registry only; with <paramref name="dockerConfig"/> it takes its login from that folder (<see cref="TrivyRegistryLogin"/>).
    /// </summary>
    public static ToolInvocation TrivyImage(string image, AbsolutePath jsonReport, bool fromRegistry = false, AbsolutePath? dockerConfig = null)
    {
        var invocation = new ToolInvocation(
            "trivy", ["image", "--scanners", "vuln", "--severity", "HIGH,CRITICAL", "--format", "json",
            "--output", jsonReport, "--exit-code", "0", "--quiet", .. (string[])(fromRegistry ? ["--image-src", "remote"] : []), image]);
        return dockerConfig is null ? invocation : invocation.WithEnvironment("DOCKER_CONFIG", dockerConfig);
    }

    /// <summary>
    /// <c>trivy registry login</c> into a private Docker config folder, the password on standard input. trivy's own
    /// advice: TRIVY_USERNAME/TRIVY_PASSWORD would be offered to every registry a scan touches (its vulnerability
    /// database comes from mirror.gcr.io and ghcr.io), a login is sent only to the registry it names.
    /// </summary>
    public static ToolInvocation TrivyRegistryLogin(string registry, RegistryCredentials credentials, AbsolutePath dockerConfig)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        return new ToolInvocation("trivy", "registry", "login", "--username", credentials.Username, "--password-stdin", registry)
        {
            StandardInput = credentials.Password,
            Secrets = [credentials.Password],
        }.WithEnvironment("DOCKER_CONFIG", dockerConfig);
    }

    /// <summary>The same findings as SARIF, converted from the JSON report without scanning again.</summary>
    public static ToolInvocation TrivySarif(AbsolutePath jsonReport, AbsolutePath sarifReport) =>
        new("trivy", "convert", "--format", "sarif", "--output", sarifReport, jsonReport);
}
