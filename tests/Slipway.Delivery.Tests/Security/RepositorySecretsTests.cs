using Slipway.Delivery.Security;
using Slipway.Delivery.Tests.Docker;
using Slipway.Engine.IO;

namespace Slipway.Delivery.Tests.Security;

/// <summary>
/// This repository's own secret scan, as `./build.sh Scan` runs it: a test fixture with a made-up credential and no
/// allow-list entry fails the suite here, not the pipeline's main job later.
/// </summary>
public class RepositorySecretsTests
{
    [Test]
    public async Task The_repository_holds_no_credential_that_its_allow_list_does_not_explain()
    {
        var root = AbsolutePath.Create(DockerTestEnvironment.RepositoryRoot());
        var allowListPath = root / ".slipway" / SecretAllowList.FileName;

        var result = await new SecretScan(root).RunAsync(SecretAllowList.Load(allowListPath), allowListPath);

        Assert.That(result.Failures.Select(f => f.ToString()), Is.Empty, result.Summary);
        Assert.That(result.Summary, Does.Match(@"^\d{3,} files scanned"), "the scan read the repository");
    }
}
