using Slipway.Engine.GitHubActions;

namespace Slipway.Engine.Tests.GitHubActions;

public sealed class UnifiedDiffTests
{
    [Test]
    public void Equal_texts_have_no_diff() =>
        Assert.That(UnifiedDiff.Render("a\nb\n", "a\r\nb\r\n", "old", "new"), Is.Empty);

    [Test]
    public void A_change_is_shown_with_three_lines_of_context_and_hunk_ranges()
    {
        var old = string.Join('\n', Enumerable.Range(1, 20).Select(i => $"line {i}")) + "\n";
        var changed = old.Replace("line 6\n", "line six\n", StringComparison.Ordinal).Replace("line 20\n", "line 20\nline 21\n", StringComparison.Ordinal);
        Assert.That(UnifiedDiff.Render(old, changed, "ci.yml (committed)", "ci.yml (generated)"), Is.EqualTo("""
            --- ci.yml (committed)
            +++ ci.yml (generated)
            @@ -3,7 +3,7 @@
             line 3
             line 4
             line 5
            -line 6
            +line six
             line 7
             line 8
             line 9
            @@ -18,3 +18,4 @@
             line 18
             line 19
             line 20
            +line 21

            """.ReplaceLineEndings("\n")));
    }

    [Test]
    public void Changes_six_lines_apart_share_one_hunk_as_in_diff_1()
    {
        var old = string.Join('\n', Enumerable.Range(1, 12).Select(i => $"line {i}")) + "\n";
        var changed = old.Replace("line 3\n", "line three\n", StringComparison.Ordinal).Replace("line 10\n", "line ten\n", StringComparison.Ordinal);
        Assert.That(UnifiedDiff.Render(old, changed, "a", "b").Split('\n').Count(l => l.StartsWith("@@", StringComparison.Ordinal)), Is.EqualTo(1));
    }

    [Test]
    public void A_new_file_is_all_additions()
    {
        Assert.That(UnifiedDiff.Render(string.Empty, "a\nb\n", "/dev/null", "new.yml"), Is.EqualTo("--- /dev/null\n+++ new.yml\n@@ -0,0 +1,2 @@\n+a\n+b\n"));
    }
}
