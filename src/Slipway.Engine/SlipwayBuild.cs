using Slipway.Engine.Execution;
using Slipway.Engine.Hosts;
using Slipway.Engine.IO;

namespace Slipway.Engine;

/// <summary>
/// The base of a build class (NUKE's NukeBuild): <c>public static int Main() =&gt; Execute&lt;Build&gt;(x =&gt; x.Test);</c>
/// Targets are <see cref="Target"/> properties; parameters are <see cref="ParameterAttribute"/> fields.
/// </summary>
public abstract class SlipwayBuild : ISlipwayBuild
{
    private BuildContext? context;

    public BuildContext Context
    {
        get => context ?? throw new InvalidOperationException("The build has not been started by the engine; use SlipwayBuild.Execute.");
        internal set => context = value;
    }

    public AbsolutePath RootDirectory => Context.RootDirectory;

    public AbsolutePath ArtifactsDirectory => RootDirectory / "artifacts";

    public AbsolutePath TemporaryDirectory => RootDirectory / ".nuke" / "temp";

    public BuildHost Host => Context.Host;

    public bool IsServerBuild => Context.IsServerBuild;

    public bool IsLocalBuild => !IsServerBuild;

    /// <summary>Runs the build for this process's arguments and environment; returns the exit code.</summary>
    protected static int Execute<TBuild>(Func<TBuild, Target> defaultTarget)
        where TBuild : SlipwayBuild, new() =>
        BuildRunner.Run(
            () => new TBuild(),
            build => defaultTarget((TBuild)build),
            BuildRunOptions.FromProcess(Environment.GetCommandLineArgs().Skip(1).ToArray()));
}
