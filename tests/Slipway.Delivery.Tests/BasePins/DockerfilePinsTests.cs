using Slipway.Delivery.BasePins;
using Slipway.Delivery.Git;
using Slipway.Delivery.PullRequests;
using Slipway.Engine;

namespace Slipway.Delivery.Tests.BasePins;

public class DockerfilePinsTests
{
    private static readonly string A = "sha256:" + new string('a', 64);
    private static readonly string B = "sha256:" + new string('b', 64);
    private static readonly string C = "sha256:" + new string('c', 64);
    private static readonly string D = "sha256:" + new string('d', 64);

    private static string Sample(string newline) => string.Join(newline,
        "# Base images by digest.",
        $"ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0@{A}",
        $"  arg RUNTIME_IMAGE=127.0.0.1:5000/slipway/aspnet:10.0@{B}  ",
        "ARG VERSION=0.0.0-local",
        "ARG PG_TOOLS_IMAGE=debian:bookworm-slim",
        $"ARG PG_IMAGE=debian:bookworm-slim@{C}",
        "FROM ${SDK_IMAGE} AS build",
        string.Empty);

    [Test]
    public void Finds_every_pinned_arg_with_its_image_tag_and_digest_and_ignores_unpinned_ones()
    {
        var pins = DockerfilePins.Parse(Sample("\n"));

        Assert.That(pins.Select(p => (p.Argument, p.Image, p.Tag, p.Digest, p.LineNumber)), Is.EqualTo(new[]
        {
            ("SDK_IMAGE", "mcr.microsoft.com/dotnet/sdk", "10.0", A, 2),
            ("RUNTIME_IMAGE", "127.0.0.1:5000/slipway/aspnet", "10.0", B, 3),
            ("PG_IMAGE", "debian", "bookworm-slim", C, 6),
        }));
    }

    [TestCase("\n")]
    [TestCase("\r\n")]
    public void Rewrites_only_the_digests_that_moved_and_keeps_every_other_character(string newline)
    {
        var dockerfile = Sample(newline);
        var pins = DockerfilePins.Parse(dockerfile);

        var rewritten = DockerfilePins.Rewrite(dockerfile, pins, new Dictionary<string, string> { ["RUNTIME_IMAGE"] = D, ["PG_IMAGE"] = C });

        Assert.Multiple(() =>
        {
            Assert.That(rewritten, Is.EqualTo(dockerfile.Replace(B, D, StringComparison.Ordinal)));
            Assert.That(rewritten.Split(newline), Has.Length.EqualTo(dockerfile.Split(newline).Length));
            Assert.That(newline == "\n" ? rewritten.Contains('\r', StringComparison.Ordinal) : rewritten.Replace("\r\n", string.Empty, StringComparison.Ordinal).Contains('\n', StringComparison.Ordinal), Is.False);
        });
    }

    [Test]
    public void A_byte_order_mark_and_a_last_line_without_newline_stay_as_they_were()
    {
        var dockerfile = $"\uFEFFARG BASE=debian:12@{A}\r\nFROM ${{BASE}}";

        var rewritten = DockerfilePins.Rewrite(dockerfile, DockerfilePins.Parse(dockerfile), new Dictionary<string, string> { ["BASE"] = B });

        Assert.That(rewritten, Is.EqualTo($"\uFEFFARG BASE=debian:12@{B}\r\nFROM ${{BASE}}"));
    }

    [TestCase("sha256:abc", TestName = "A short digest is refused")]
    [TestCase("sha256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", TestName = "An uppercase digest is refused")]
    [TestCase("md5:0123456789abcdef0123456789abcdef", TestName = "Another algorithm is refused")]
    public void A_malformed_digest_is_refused_naming_the_line_and_the_fix(string digest)
    {
        var dockerfile = $"FROM scratch\nARG BASE=debian:bookworm-slim@{digest}\n";

        var exception = Assert.Throws<BuildFailedException>(() => DockerfilePins.Parse(dockerfile, "src/Api/Dockerfile"));

        Assert.Multiple(() =>
        {
            Assert.That(exception!.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
            Assert.That(exception.Message, Does.Contain("src/Api/Dockerfile line 2: ARG BASE pins '" + digest + "', which is not a digest"));
            Assert.That(exception.Message, Does.Contain("64 lowercase hex digits"));
        });
    }

    [Test]
    public void A_digest_without_a_tag_is_refused_because_there_is_no_line_to_follow()
    {
        var exception = Assert.Throws<BuildFailedException>(() => DockerfilePins.Parse($"ARG BASE=127.0.0.1:5000/base@{A}\n"));

        Assert.That(exception!.Message, Does.Contain("without a tag").And.Contain($"127.0.0.1:5000/base:TAG@{A}"));
    }

    [Test]
    public void A_registry_port_is_not_taken_for_a_tag()
    {
        var pin = DockerfilePins.Parse($"ARG BASE=127.0.0.1:5000/slipway/base:1.2@{A}").Single();

        Assert.That((pin.Image, pin.Tag), Is.EqualTo(("127.0.0.1:5000/slipway/base", "1.2")));
    }

    [TestCase("debian", "registry-1.docker.io", "library/debian")]
    [TestCase("acme/tools", "registry-1.docker.io", "acme/tools")]
    [TestCase("docker.io/library/debian", "registry-1.docker.io", "library/debian")]
    [TestCase("mcr.microsoft.com/dotnet/aspnet", "mcr.microsoft.com", "dotnet/aspnet")]
    [TestCase("127.0.0.1:5000/slipway/base", "127.0.0.1:5000", "slipway/base")]
    [TestCase("localhost/base", "localhost", "base")]
    public void Each_image_is_asked_where_its_registry_api_answers(string image, string registry, string repository)
    {
        var name = BaseImageRegistry.ApiName(new DockerfilePin("BASE", image, "1", A, 1, 0), "Dockerfile");

        Assert.That((name.Registry, name.Repository), Is.EqualTo((registry, repository)));
    }

    [Test]
    public void The_branch_is_dated_and_the_pull_request_lists_each_changed_pin()
    {
        var pin = new DockerfilePin("RUNTIME_IMAGE", "mcr.microsoft.com/dotnet/aspnet", "10.0", A, 3, 0);
        var changed = new[] { new BasePinStatus(pin, B) };

        Assert.Multiple(() =>
        {
            Assert.That(BasePinPullRequest.BranchName(new DateTimeOffset(2026, 12, 7, 23, 30, 0, TimeSpan.FromHours(-2))), Is.EqualTo("deps/base-pins-2026-12-08"));
            Assert.That(BasePinPullRequest.Body(changed, "Dockerfile"), Does.Contain($"| `RUNTIME_IMAGE` | `mcr.microsoft.com/dotnet/aspnet:10.0` | `{A}` | `{B}` |"));
            Assert.That(BasePinPullRequest.Table([.. changed, new BasePinStatus(pin with { Argument = "SDK_IMAGE" }, A)]), Is.EqualTo(
                "pin            tag                                   digest\n" +
                $"RUNTIME_IMAGE  mcr.microsoft.com/dotnet/aspnet:10.0  {A} -> {B}\n" +
                $"SDK_IMAGE      mcr.microsoft.com/dotnet/aspnet:10.0  {A} (unchanged)"));
        });
    }

    [Test]
    public void CheckPullRequest_accepts_the_pull_request_and_its_commit()
    {
        var body = BasePinPullRequest.Body([new BasePinStatus(new DockerfilePin("BASE", "debian", "12", A, 1, 0), B)], "Dockerfile");
        var commit = new GitCommit("0123456789", ["parent"], DateTimeOffset.UnixEpoch, BasePinPullRequest.Title + "\n\n" + body);

        var verdict = PullRequestCheck.Judge(new PullRequestFacts(BasePinPullRequest.Title, [commit], 2), PullRequestCheck.DefaultSizeThresholds);

        Assert.That(verdict.Problems, Is.Empty);
    }
}
