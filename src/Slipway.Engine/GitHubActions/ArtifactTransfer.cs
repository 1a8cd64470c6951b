namespace Slipway.Engine.GitHubActions;

/// <summary>
/// One path a target <c>Produces</c>, carried between jobs as a workflow artifact. upload-artifact stores a folder's
/// content without the folder's name and a file without its folders, so the download goes to <see cref="DownloadPath"/>
/// to put the files back where the producing target wrote them.
/// </summary>
internal sealed record ArtifactTransfer(string Name, string Path, string DownloadPath, ExecutableTarget Producer);
