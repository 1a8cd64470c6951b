using System.Globalization;
using System.Text;
using Slipway.Delivery.Git;

namespace Slipway.Delivery.Release;

/// <summary>The steps a release will take, in order: printed by <c>--dry-run</c>, performed by <see cref="ReleaseExecutor"/>.</summary>
internal sealed record ReleasePlan(string Version, string Tag, ReleaseMode Mode, IReadOnlyList<ReleaseStep> Steps, string Notes)
{
    /// <summary>Numbered steps with the git command lines each runs.</summary>
    public string Describe(GitCommands git)
    {
        ArgumentNullException.ThrowIfNull(git);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Release {Version} ({Tag}): {ModeText}");
        var number = 0;
        foreach (var step in Steps)
        {
            number++;
            text.Append(CultureInfo.InvariantCulture, $"\n  {number}. {step.Description}");
            foreach (var command in step.GitCommands(git))
            {
                text.Append(CultureInfo.InvariantCulture, $"\n       $ {command.Render()}");
            }
        }

        return text.ToString();
    }

    private string ModeText => Mode switch
    {
        ReleaseMode.New => "new release",
        ReleaseMode.ResumeFromCommit => "resuming: the release commit exists, tag and push are missing",
        ReleaseMode.ResumeFromTag => "resuming: the release commit and tag exist locally, the push is missing",
        ReleaseMode.ResumeGitHubRelease => "resuming: commit and tag are on the remote, the GitHub release is missing",
        _ => "already complete, nothing to do",
    };
}
