using Slipway.Delivery.Quality;
using Slipway.Engine.IO;

namespace Slipway.Delivery.Tests.Quality;

public class ToolReportTests
{
    private static readonly AbsolutePath Root = AbsolutePath.Create("/repo");

    [Test]
    public void Dotnet_format_report_gives_one_finding_per_change()
    {
        const string Json = """
            [
              { "FileName": "Bad.cs", "FilePath": "/repo/src/A/Bad.cs",
                "FileChanges": [ { "LineNumber": 5, "CharNumber": 5, "DiagnosticId": "WHITESPACE", "FormatDescription": "Fix whitespace formatting. Delete 2 characters." },
                                 { "LineNumber": 1, "CharNumber": 1, "DiagnosticId": "IDE0005", "FormatDescription": "warning IDE0005: Using directive is unnecessary." } ] },
              { "FileName": "Bad.cs", "FilePath": "/repo/src/A/Bad.cs",
                "FileChanges": [ { "LineNumber": 5, "CharNumber": 5, "DiagnosticId": "WHITESPACE", "FormatDescription": "Fix whitespace formatting. Delete 2 characters." } ] }
            ]
            """;

        var findings = DotNetFormatReport.Read(Json, Root);

        Assert.That(findings.Select(f => f.ToString()), Is.EqualTo(new[]
        {
            "src/A/Bad.cs:5: WHITESPACE: Fix whitespace formatting. Delete 2 characters.",
            "src/A/Bad.cs:1: IDE0005: Using directive is unnecessary.",
        }));
    }

    [Test]
    public void Shellcheck_json1_gives_sc_rules_with_lines()
    {
        const string Json = """
            {"comments":[{"file":"scripts/deploy.sh","line":3,"endLine":3,"column":6,"endColumn":8,"level":"info","code":2086,"message":"Double quote to prevent globbing and word splitting.","fix":null}]}
            """;

        var findings = ShellCheckReport.Read(Json, Root);

        Assert.That(findings.Single().ToString(), Is.EqualTo("scripts/deploy.sh:3: SC2086: Double quote to prevent globbing and word splitting. (info)"));
        Assert.That(ShellCheckReport.Read(string.Empty, Root), Is.Empty);
    }

    [TestCase("build.sh", null, true)]
    [TestCase(".ci/provision-gates.sh", null, true)]
    [TestCase("tools/x.bash", null, true)]
    [TestCase(".ci/run", "#!/usr/bin/env bash", true)]
    [TestCase("bin/tool", "#!/bin/sh", true)]
    [TestCase("bin/tool", "#!/usr/bin/env -S bash -e", true)]
    [TestCase("bin/tool", "#!/usr/bin/env python3", false)]
    [TestCase("bin/tool", "no shebang", false)]
    [TestCase("build.cmd", null, false)]
    [TestCase("build.ps1", null, false)]
    [TestCase("notes.txt", "#!/bin/bash", false)]
    public void Shell_scripts_are_known_by_extension_or_shebang(string path, string? firstLine, bool expected)
    {
        Assert.That(ShellScripts.IsShellScript(path, firstLine), Is.EqualTo(expected));
    }

    [Test]
    public void Only_files_without_extension_are_opened_for_a_shebang()
    {
        Assert.That(ShellScripts.NeedsFirstLine(".ci/run"), Is.True);
        Assert.That(ShellScripts.NeedsFirstLine("src/A.cs"), Is.False);
    }
}
