namespace Slipway.Engine.SampleBuild;

/// <summary>Targets whose behaviour the end-to-end tests check through the process exit code and output.</summary>
internal sealed partial class SampleBuild : SlipwayBuild
{
    [Parameter("Version to release, e.g. 1.4.0")] readonly string? Version;
    [Parameter("Registry password"), Secret] readonly string? RegistryPassword;

    public static int Main() => Execute<SampleBuild>(x => x.Test);

    Target Compile => _ => _
        .Description("Pretend to compile")
        .Executes(() => Serilog.Log.Information("compiling with password {Password}", RegistryPassword));

    public Target Test => _ => _
        .Description("Pretend to test")
        .DependsOn(Compile)
        .Executes(() => Serilog.Log.Information("testing"));

    Target Explode => _ => _
        .Description("Always fails")
        .DependsOn(Compile)
        .Executes(() => throw new InvalidOperationException("kaboom"));

    Target Cleanup => _ => _
        .Description("Runs even after a failure")
        .AssuredAfterFailure()
        .After(Explode)
        .Executes(() => Serilog.Log.Information("cleaned up"));

    Target Release => _ => _
        .Description("Needs a version")
        .Requires(() => Version)
        .Executes(() => Serilog.Log.Information("releasing {Version}", Version));
}
