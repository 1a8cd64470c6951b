using Slipway.Delivery.DotNet;

namespace Slipway.Delivery.Tests.Quality;

[NonParallelizable]
public class NuGetPackagesFolderTests
{
    [Test]
    public void The_fingerprint_changes_when_the_packages_folder_is_cleared_or_removed()
    {
        var folder = Directory.CreateTempSubdirectory("slipway-packages-");
        var before = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        Environment.SetEnvironmentVariable("NUGET_PACKAGES", folder.FullName);
        try
        {
            folder.CreateSubdirectory("serilog");
            folder.CreateSubdirectory("polly");
            var filled = NuGetPackagesFolder.Fingerprint();
            Directory.Delete(folder.FullName + "/serilog");
            var lessOne = NuGetPackagesFolder.Fingerprint();
            folder.Delete(recursive: true);
            var removed = NuGetPackagesFolder.Fingerprint();

            Assert.That(filled, Is.EqualTo($"{folder.FullName}: 2 packages"));
            Assert.That(lessOne, Is.Not.EqualTo(filled));
            Assert.That(removed, Is.EqualTo($"{folder.FullName}: missing"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("NUGET_PACKAGES", before);
            if (folder.Exists)
            {
                folder.Delete(recursive: true);
            }
        }
    }
}
