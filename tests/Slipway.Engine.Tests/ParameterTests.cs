using Slipway.Engine.Logging;
using Slipway.Engine.Tests.Builds;
using Slipway.Engine.Tests.Support;

namespace Slipway.Engine.Tests;

public sealed class ParameterTests
{
    private BuildHarness harness = null!;

    [SetUp]
    public void SetUp() => harness = new BuildHarness();

    [TearDown]
    public void TearDown() => harness.Dispose();

    private ParameterBuild Show(params string[] args)
    {
        var exitCode = harness.Run<ParameterBuild>(["Show", .. args]);
        Assert.That(exitCode, Is.EqualTo(0), harness.Output);
        return ParameterBuild.Last!;
    }

    [Test]
    public void Converts_every_supported_type_from_the_command_line()
    {
        var build = Show("--name", "api", "--count", "7", "--ratio", "0.25", "--dry-run", "--stage", "production",
            "--tags", "a", "b", "--output", "out/dir", "--timeout", "90s", "--registry-host", "localhost:5000");
        Assert.Multiple(() =>
        {
            Assert.That(build.Name, Is.EqualTo("api"));
            Assert.That(build.Count, Is.EqualTo(7));
            Assert.That(build.Ratio, Is.EqualTo(0.25));
            Assert.That(build.DryRun, Is.True);
            Assert.That(build.Stage, Is.EqualTo(Stage.Production));
            Assert.That(build.Tags, Is.EqualTo(new[] { "a", "b" }));
            Assert.That(build.Output!.ToString(), Is.EqualTo(Path.Combine(harness.Root, "out", "dir")));
            Assert.That(build.Timeout, Is.EqualTo(TimeSpan.FromSeconds(90)));
            Assert.That(build.RegistryHost, Is.EqualTo("localhost:5000"));
        });
    }

    [Test]
    public void Defaults_stay_when_nothing_is_given()
    {
        var build = Show();
        Assert.That(build.Count, Is.EqualTo(3));
        Assert.That(build.Stage, Is.EqualTo(Stage.Staging));
        Assert.That(build.DryRun, Is.False);
    }

    [Test]
    public void Inline_values_and_flags_followed_by_targets_work()
    {
        var exitCode = harness.Run<ParameterBuild>("--count=5", "--dry-run", "false", "Show");
        Assert.That(exitCode, Is.EqualTo(0), harness.Output);
        Assert.That(ParameterBuild.Last!.Count, Is.EqualTo(5));
        Assert.That(ParameterBuild.Last.DryRun, Is.False);
        Assert.That(harness.Run<ParameterBuild>("--verbosity", "minimal", "Show"), Is.EqualTo(0), harness.Output);
    }

    [Test]
    public void Environment_variables_are_read_by_exact_name_or_upper_snake()
    {
        harness.Environment["Name"] = "exact";
        harness.Environment["REGISTRY_HOST"] = "ghcr.io";
        harness.Environment["TAGS"] = "x, y";
        var build = Show();
        Assert.That(build.Name, Is.EqualTo("exact"));
        Assert.That(build.RegistryHost, Is.EqualTo("ghcr.io"));
        Assert.That(build.Tags, Is.EqualTo(new[] { "x", "y" }));
    }

    [Test]
    public void An_empty_environment_variable_counts_as_unset()
    {
        harness.Environment["COUNT"] = string.Empty;
        harness.Environment["STAGE"] = string.Empty;
        var build = Show();
        Assert.That((build.Count, build.Stage), Is.EqualTo((3, Stage.Staging)));
    }

    [Test]
    public void A_bare_TARGET_variable_never_selects_targets()
    {
        harness.Environment["TARGET"] = "Leak";
        harness.Environment["Target"] = "Leak";
        Assert.That(harness.Run<ParameterBuild>("Show"), Is.EqualTo(0), harness.Output);
        Assert.That(harness.Output, Does.Not.Contain("Leak"));
    }

    [Test]
    public void Precedence_is_command_line_then_environment_then_profile_then_parameters_file()
    {
        harness.WriteFile(".nuke/parameters.json", """{ "$schema": "./build.schema.json", "Name": "file", "Count": 10, "Stage": "production", "Tags": ["f"] }""");
        harness.WriteFile(".nuke/parameters.ci.json", """{ "Name": "profile", "Count": 20 }""");
        harness.Environment["NAME"] = "env";

        var fromFile = Show();
        Assert.That((fromFile.Name, fromFile.Count, fromFile.Stage, fromFile.Tags), Is.EqualTo(("env", 10, Stage.Production, new[] { "f" })));

        var withProfile = Show("--profile", "ci");
        Assert.That((withProfile.Name, withProfile.Count), Is.EqualTo(("env", 20)));

        var fromCommandLine = Show("--profile", "ci", "--name", "cli");
        Assert.That(fromCommandLine.Name, Is.EqualTo("cli"));
    }

    [Test]
    public void Missing_profile_is_a_bad_invocation()
    {
        Assert.That(harness.Run<ParameterBuild>("Show", "--profile", "nope"), Is.EqualTo(ExitCodes.BadInvocation));
        Assert.That(harness.Output, Does.Contain("Profile 'nope' not found: create .nuke/parameters.nope.json"));
    }

    [TestCase("--count", "many", "Invalid value 'many' for parameter Count (--count) from the command line: expected a whole number.")]
    [TestCase("--stage", "qa", "Invalid value 'qa' for parameter Stage (--stage) from the command line: expected one of staging, production.")]
    [TestCase("--timeout", "soon", "expected a duration such as 90s, 5m or 00:01:30")]
    [TestCase("--dry-run=maybe", null, "Invalid value 'maybe' for parameter DryRun (--dry-run) from the command line: expected true or false.")]
    public void Conversion_errors_name_the_parameter_the_value_and_what_is_allowed(string option, string? value, string expected)
    {
        string[] args = value is null ? ["Show", option] : ["Show", option, value];
        Assert.That(harness.Run<ParameterBuild>(args), Is.EqualTo(ExitCodes.BadInvocation));
        Assert.That(harness.Output, Does.Contain(expected));
    }

    [Test]
    public void Conversion_errors_from_the_environment_name_the_variable()
    {
        harness.Environment["COUNT"] = "ten";
        Assert.That(harness.Run<ParameterBuild>("Show"), Is.EqualTo(ExitCodes.BadInvocation));
        Assert.That(harness.Output, Does.Contain("from environment variable COUNT"));
    }

    [Test]
    public void Bad_verbosity_is_a_bad_invocation()
    {
        Assert.That(harness.Run<ParameterBuild>("Show", "--verbosity", "loud"), Is.EqualTo(ExitCodes.BadInvocation));
        Assert.That(harness.Output, Does.Contain("Invalid value 'loud' for --verbosity: expected one of quiet, minimal, normal, verbose."));
    }

    [Test]
    public void Unknown_option_suggests_the_closest()
    {
        Assert.That(harness.Run<ParameterBuild>("Show", "--cuont", "3"), Is.EqualTo(ExitCodes.BadInvocation));
        Assert.That(harness.Output, Does.Contain("Unknown option '--cuont'. Did you mean --count"));
    }

    [Test]
    public void Unknown_key_in_parameters_file_is_a_warning()
    {
        harness.WriteFile(".nuke/parameters.json", """{ "Nmae": "typo" }""");
        Assert.That(harness.Run<ParameterBuild>("Show"), Is.EqualTo(0));
        Assert.That(harness.Output, Does.Contain("WARNING: parameters.json: 'Nmae' is not a parameter of this build"));
    }

    [Test]
    public void Secrets_never_appear_in_logs_summaries_or_errors()
    {
        const string Token = "s3cr3t-token-value";
        Assert.That(harness.Run<ParameterBuild>("Show", "--api-token", Token), Is.EqualTo(0));
        Assert.That(harness.Output, Does.Not.Contain(Token));
        Assert.That(harness.Output, Does.Contain("token is ***").And.Contain("used token ***"));

        Assert.That(harness.Run<ParameterBuild>("Leak", "--api-token", Token), Is.EqualTo(ExitCodes.TargetFailed));
        Assert.That(harness.Output, Does.Not.Contain(Token));
        Assert.That(harness.Output, Does.Contain("request failed with token ***"));
    }

    [Test]
    public void Secret_values_from_the_environment_are_masked_too()
    {
        const string Token = "env-secret-0042";
        harness.Environment["API_TOKEN"] = Token;
        Assert.That(harness.Run<ParameterBuild>("Show"), Is.EqualTo(0));
        Assert.That(harness.Output, Does.Not.Contain(Token));
        Assert.That(SecretMasker.Apply($"x {Token} y"), Is.EqualTo("x *** y"));
    }

    [Test]
    public void A_secret_given_as_an_option_is_taken_with_a_warning_naming_its_environment_variable()
    {
        const string Token = "argv-secret-0043";
        var build = Show("--api-token", Token);

        Assert.Multiple(() =>
        {
            Assert.That(build.ApiToken, Is.EqualTo(Token));
            Assert.That(harness.Output, Does.Contain("WARNING: Secret parameter ApiToken was given on the command line (--api-token)")
                .And.Contain("Set the environment variable API_TOKEN instead, or API_TOKEN_FILE to the path of a file holding it."));
            Assert.That(harness.Output, Does.Not.Contain(Token));
        });
    }

    [Test]
    public void Secrets_from_the_environment_and_plain_options_give_no_warning()
    {
        harness.Environment["API_TOKEN"] = "env-secret-0044";
        var build = Show("--name", "api");

        Assert.Multiple(() =>
        {
            Assert.That(build.ApiToken, Is.EqualTo("env-secret-0044"));
            Assert.That(harness.Output, Does.Not.Contain("WARNING"));
        });
    }

    [TestCase("API_TOKEN_FILE")]
    [TestCase("ApiToken_FILE")]
    public void A_secret_is_read_from_the_file_its_FILE_variable_names_without_the_final_line_break(string variable)
    {
        const string Token = "file-secret-0045";
        harness.WriteFile("secrets/api-token", Token + "\n");
        harness.Environment[variable] = Path.Combine(harness.Root, "secrets", "api-token");

        var build = Show();

        Assert.Multiple(() =>
        {
            Assert.That(build.ApiToken, Is.EqualTo(Token));
            Assert.That(harness.Output, Does.Not.Contain(Token).And.Contain("token is ***"));
            Assert.That(SecretMasker.Apply($"x {Token} y"), Is.EqualTo("x *** y"));
        });
    }

    [Test]
    public void A_FILE_variable_is_read_for_secrets_only()
    {
        harness.WriteFile("name.txt", "from-file");
        harness.Environment["NAME_FILE"] = Path.Combine(harness.Root, "name.txt");

        Assert.That(Show().Name, Is.Null);
    }

    [Test]
    public void A_secret_set_both_by_value_and_by_file_is_a_bad_invocation()
    {
        harness.WriteFile("token", "one");
        harness.Environment["API_TOKEN"] = "two";
        harness.Environment["API_TOKEN_FILE"] = Path.Combine(harness.Root, "token");

        Assert.That(harness.Run<ParameterBuild>("Show"), Is.EqualTo(ExitCodes.BadInvocation));
        Assert.That(harness.Output, Does.Contain("Secret parameter ApiToken is set twice, by API_TOKEN and by API_TOKEN_FILE: unset one of them."));
    }

    [Test]
    public void A_missing_or_empty_secret_file_is_a_bad_invocation_naming_the_variable_and_the_path()
    {
        var missing = Path.Combine(harness.Root, "no-such-token");
        harness.Environment["API_TOKEN_FILE"] = missing;
        Assert.That(harness.Run<ParameterBuild>("Show"), Is.EqualTo(ExitCodes.BadInvocation));
        Assert.That(harness.Output, Does.Contain($"Cannot read secret parameter ApiToken from API_TOKEN_FILE={missing}"));

        harness.WriteFile("empty-token", "\n");
        var empty = Path.Combine(harness.Root, "empty-token");
        harness.Environment["API_TOKEN_FILE"] = empty;
        Assert.That(harness.Run<ParameterBuild>("Show"), Is.EqualTo(ExitCodes.BadInvocation));
        Assert.That(harness.Output, Does.Contain($"Secret parameter ApiToken: the file {empty} named by API_TOKEN_FILE is empty."));
    }

    [Test]
    public void A_missing_required_secret_is_asked_for_in_its_environment_forms_only()
    {
        Assert.That(harness.Run<ParameterBuild>("Publish"), Is.EqualTo(ExitCodes.BadInvocation));
        Assert.That(harness.Output, Does.Contain(
            "Target Publish requires secret parameter ApiToken. Set environment variable API_TOKEN, or API_TOKEN_FILE to the path of a file holding it.")
            .And.Not.Contain("--api-token"));
    }

    [Test]
    public void A_bad_secret_value_is_not_echoed()
    {
        harness.WriteFile(".nuke/parameters.json", """{ "ApiToken": ["a", "b"] }""");
        Assert.That(harness.Run<ParameterBuild>("Show"), Is.EqualTo(ExitCodes.BadInvocation));
        Assert.That(harness.Output, Does.Contain("Invalid value (secret value) for parameter ApiToken"));
    }
}
