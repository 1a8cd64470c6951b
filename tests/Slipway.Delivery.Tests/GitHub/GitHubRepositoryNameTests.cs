using Slipway.Delivery.GitHub;

namespace Slipway.Delivery.Tests.GitHub;

public class GitHubRepositoryNameTests
{
    [TestCase("https://github.com/acme/catalog.git", "acme/catalog")]
    [TestCase("https://github.com/acme/catalog", "acme/catalog")]
    [TestCase("https://x-access-token:abc@github.com/acme/catalog.git", "acme/catalog")]
    [TestCase("git@github.com:acme/catalog.git", "acme/catalog")]
    [TestCase("ssh://git@github.com/acme/catalog.git", "acme/catalog")]
    [TestCase("https://ghe.corp.example/platform/catalog.api.git", "platform/catalog.api")]
    public void Remote_URLs_name_their_repository(string url, string expected)
    {
        Assert.That(GitHubRepositoryName.FromRemoteUrl(url)?.ToString(), Is.EqualTo(expected));
    }

    [TestCase("/tmp/origin.git")]
    [TestCase("file:///tmp/origin.git")]
    [TestCase("../origin")]
    [TestCase("https://github.com/acme")]
    [TestCase("")]
    public void Paths_and_other_shapes_name_none(string url)
    {
        Assert.That(GitHubRepositoryName.FromRemoteUrl(url), Is.Null);
    }

    [TestCase("acme/catalog", true)]
    [TestCase("acme/catalog.api", true)]
    [TestCase("acme", false)]
    [TestCase("acme/catalog/extra", false)]
    [TestCase("-acme/catalog", false)]
    public void Owner_slash_name_is_validated(string text, bool valid)
    {
        Assert.That(GitHubRepositoryName.TryParse(text, out _), Is.EqualTo(valid));
    }
}
