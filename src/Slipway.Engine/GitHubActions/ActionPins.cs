namespace Slipway.Engine.GitHubActions;

/// <summary>
/// The actions generated workflows use, pinned by full commit SHA so a moved tag cannot change what runs. Update a pin
/// here (not in .github/workflows, which is regenerated and checked in CI), then run ./build.sh --generate-workflows; a
/// repository moves one before a Slipway release with <see cref="GitHubActionsPinAttribute"/> on its build class.
/// </summary>
/// <remarks>
/// Source of every SHA: the action's own repository, `git rev-parse &lt;tag&gt;^{commit}` on its tags (read November
/// 2026 from snapshots of github.com/actions/checkout, actions/setup-dotnet, actions/cache, actions/upload-artifact,
/// actions/download-artifact and github/codeql-action); each SHA is also the one the moving major tag (v4, v3) pointed
/// at then. Public workflows pin the same commits, e.g. `actions/setup-dotnet@67a3573c9a986a3f9c594539f4ab511d57bb3ce9
/// # v4.3.1` and `actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02 # v4.6.2`.
/// <para>
/// aquasecurity/setup-trivy: `git show-ref --tags` on a snapshot of github.com/aquasecurity/setup-trivy read November
/// 2026: tag v0.3.1 is commit 81e514348e19b6112ce2a7e3ecbafe19c1e1f567 (2026-06-03, then the head of main). Pinning by
/// commit matters doubly here: in March 2026 Aqua's action tags were force-pushed to secret-stealing commits and trivy
/// v0.69.4 was published compromised (GHSA-69fq-xp46-6x23, CVE-2026-33634); the repository now holds only the tags
/// v0.2.6, v0.3.0 and v0.3.1. The trivy version it installs is pinned too (its default is "latest"): v0.74.0, the
/// newest release tag of github.com/aquasecurity/trivy in a snapshot read the same day (commit
/// e1fd17a0ea4a8cf24bc4b4dd7e2cfbf4bb31b994, CHANGELOG dated 2026-08-14).
/// </para>
/// </remarks>
internal static class ActionPins
{
    public static readonly PinnedAction Checkout = new("actions/checkout", "11d5960a326750d5838078e36cf38b85af677262", "v4.4.0");

    public static readonly PinnedAction SetupDotNet = new("actions/setup-dotnet", "67a3573c9a986a3f9c594539f4ab511d57bb3ce9", "v4.3.1");

    public static readonly PinnedAction Cache = new("actions/cache", "0057852bfaa89a56745cba8c7296529d2fc39830", "v4.3.0");

    /// <summary>The same commit's restore and save halves: the target cache is restored before the build and saved after it, even when it failed.</summary>
    public static readonly PinnedAction CacheRestore = Cache with { Path = "restore" };

    public static readonly PinnedAction CacheSave = Cache with { Path = "save" };

    public static readonly PinnedAction UploadArtifact = new("actions/upload-artifact", "ea165f8d65b6e75b540449e92b4886f43607fa02", "v4.6.2");

    public static readonly PinnedAction DownloadArtifact = new("actions/download-artifact", "d3f86a106a0bac45b974a628896c90dbdf5c8093", "v4.3.0");

    public static readonly PinnedAction UploadSarif = new("github/codeql-action", "dd903d2e4f5405488e5ef1422510ee31c8b32357", "v3.36.2", "upload-sarif");

    public static readonly PinnedAction SetupTrivy = new("aquasecurity/setup-trivy", "81e514348e19b6112ce2a7e3ecbafe19c1e1f567", "v0.3.1");

    /// <summary>The trivy release <see cref="SetupTrivy"/> installs.</summary>
    public const string TrivyVersion = "v0.74.0";

    public static IReadOnlyList<PinnedAction> All { get; } = [Checkout, SetupDotNet, Cache, UploadArtifact, DownloadArtifact, UploadSarif, SetupTrivy];
}
