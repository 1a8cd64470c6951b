namespace Slipway.Engine.GitHubActions;

/// <summary>
/// The actions generated workflows use, pinned by full commit SHA so a moved tag cannot change what runs. Update a pin
/// here (not in .github/workflows, which is regenerated and checked in CI), then run ./build.sh --generate-workflows.
/// </summary>
/// <remarks>
/// Source of every SHA: the action's own repository, `git rev-parse &lt;tag&gt;^{commit}` on its tags (read November
/// 2026 from snapshots of github.com/actions/checkout, actions/setup-dotnet, actions/cache, actions/upload-artifact,
/// actions/download-artifact and github/codeql-action); each SHA is also the one the moving major tag (v4, v3) pointed
/// at then. Public workflows pin the same commits, e.g. `actions/setup-dotnet@67a3573c9a986a3f9c594539f4ab511d57bb3ce9
/// # v4.3.1` and `actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02 # v4.6.2`.
/// </remarks>
internal static class ActionPins
{
    public static readonly PinnedAction Checkout = new("actions/checkout", "11d5960a326750d5838078e36cf38b85af677262", "v4.4.0");

    public static readonly PinnedAction SetupDotNet = new("actions/setup-dotnet", "67a3573c9a986a3f9c594539f4ab511d57bb3ce9", "v4.3.1");

    public static readonly PinnedAction Cache = new("actions/cache", "0057852bfaa89a56745cba8c7296529d2fc39830", "v4.3.0");

    public static readonly PinnedAction UploadArtifact = new("actions/upload-artifact", "ea165f8d65b6e75b540449e92b4886f43607fa02", "v4.6.2");

    public static readonly PinnedAction DownloadArtifact = new("actions/download-artifact", "d3f86a106a0bac45b974a628896c90dbdf5c8093", "v4.3.0");

    public static readonly PinnedAction UploadSarif = new("github/codeql-action", "dd903d2e4f5405488e5ef1422510ee31c8b32357", "v3.36.2", "upload-sarif");

    public static IReadOnlyList<PinnedAction> All { get; } = [Checkout, SetupDotNet, Cache, UploadArtifact, DownloadArtifact, UploadSarif];
}
