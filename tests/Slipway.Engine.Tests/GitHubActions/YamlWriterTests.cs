using Slipway.Engine.GitHubActions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Slipway.Engine.Tests.GitHubActions;

/// <summary>The writer's quoting, proven by reading its output back with YamlDotNet.</summary>
public sealed class YamlWriterTests
{
    private static readonly string[] MustBeQuoted =
    [
        "true", "False", "yes", "NO", "on", "off", "y", "null", "~", "", " lead", "trail ", "1", "1.5", "-2", ".5", "1e3", "0x1F", "0o17",
        "1:30", "2024-01-31", ".inf", ".NaN", "a: b", "a #b", "#x", "*alias", "&anchor", "!tag", "'single'", "\"double\"", "- item", "-",
        "? q", "{a}", "[b]", "|", ">", "%x", "@x", "`x", "ends:", "it's: here",
    ];

    private static readonly string[] MayBePlain =
    [
        "main", "release/*", "prod/v*", "${{ github.ref }}", "${{ !cancelled() }}", "github.ref == 'refs/heads/main'",
        "./build.cmd Rollback --environment \"$INPUT_ENVIRONMENT\" ${INPUT_VERSION:+--version \"$INPUT_VERSION\"}",
        "~/.nuget/packages", "nuget-${{ runner.os }}-", "17 3 * * *", "v4.2.2", "a:b", "-x", "10.0.x", "it's",
    ];

    private static YamlScalarNode RoundTrip(string value)
    {
        var text = YamlWriter.Write(new YamlMapping { { "key", value } }, []);
        var yaml = new YamlStream();
        yaml.Load(new StringReader(text));
        return (YamlScalarNode)((YamlMappingNode)yaml.Documents.Single().RootNode)["key"];
    }

    [TestCaseSource(nameof(MustBeQuoted))]
    public void Text_that_yaml_would_read_as_another_type_or_structure_is_quoted_and_reads_back_the_same(string value)
    {
        var node = RoundTrip(value);
        Assert.That(node.Value, Is.EqualTo(value));
        Assert.That(node.Style, Is.Not.EqualTo(ScalarStyle.Plain));
    }

    [TestCaseSource(nameof(MayBePlain))]
    public void Ordinary_text_and_expressions_stay_plain_and_read_back_the_same(string value)
    {
        var node = RoundTrip(value);
        Assert.That(node.Value, Is.EqualTo(value));
        Assert.That(node.Style, Is.EqualTo(ScalarStyle.Plain));
    }

    [Test]
    public void Writes_nested_blocks_sequences_of_mappings_comments_nulls_and_blank_lines()
    {
        var document = new YamlMapping
        {
            { "name", "ci" },
            { "on", new YamlMapping { { "workflow_dispatch", (Slipway.Engine.GitHubActions.YamlNode?)null } } },
        };
        document.Add("jobs", new YamlMapping
        {
            {
                "a", new YamlMapping
                {
                    { "timeout-minutes", YamlScalar.Of(30) },
                    { "steps", new YamlSequence { new YamlMapping { { "uses", new YamlScalar("x/y@abc") { Comment = "v1.0.0" } }, { "with", new YamlMapping { { "path", "one\ntwo\n" } } } } } },
                }
            },
        }, blankLineBefore: true);
        Assert.That(YamlWriter.Write(document, ["Generated", ""]), Is.EqualTo("""
            # Generated
            #
            name: ci
            on:
              workflow_dispatch:

            jobs:
              a:
                timeout-minutes: 30
                steps:
                  - uses: x/y@abc # v1.0.0
                    with:
                      path: |
                        one
                        two

            """.ReplaceLineEndings("\n")));
    }
}
