using Slipway.Engine.Hosts;
using Slipway.Engine.IO;

namespace Slipway.Engine;

/// <summary>
/// What every build and every component can use (NUKE's INukeBuild). Components are interfaces deriving from this one,
/// with default-implemented targets and parameters, composed into the build class (Nuke.Components' model).
/// </summary>
public interface ISlipwayBuild
{
    BuildContext Context { get; }

    AbsolutePath RootDirectory { get; }

    AbsolutePath ArtifactsDirectory { get; }

    /// <summary><c>.nuke/temp</c>: scratch space, git-ignored.</summary>
    AbsolutePath TemporaryDirectory { get; }

    BuildHost Host { get; }

    /// <summary>Running in CI (GitHub Actions, or CI=true).</summary>
    bool IsServerBuild { get; }

    bool IsLocalBuild { get; }
}
