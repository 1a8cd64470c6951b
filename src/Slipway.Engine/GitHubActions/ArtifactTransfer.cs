namespace Slipway.Engine.GitHubActions;

/// <summary>
/// One path a target <c>Produces</c>, carried between jobs as a workflow artifact. upload-artifact stores a folder's
/// content without the folder's name and a file without its folders, so the download goes to <see cref="DownloadPath"/>
/// to put the files back where the producing target wrote them.
/// </summary>
internal sealed record ArtifactTransfer(string Name, string Path, string DownloadPath, ExecutableTarget Producer)
{
    /// <summary>The job that uploads it, when that is one of several jobs of its target (<see cref="JobInstances"/>).</summary>
    public string? ProducerJobId { get; init; }

    /// <summary>The download step's <c>if</c>, when the producing job may not have run (<see cref="ActionChoice"/>).</summary>
    public string? Condition { get; init; }
}
