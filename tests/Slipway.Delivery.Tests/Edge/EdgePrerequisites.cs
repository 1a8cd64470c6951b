namespace Slipway.Delivery.Tests.Edge;

/// <summary>Fails (never skips) a test whose real dependency is missing, saying how to provision it.</summary>
internal static class EdgePrerequisites
{
    public static void RequireTools(params string[] tools)
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var missing = tools.Where(tool => !path.Any(directory => File.Exists(Path.Combine(directory, tool)))).ToList();
        if (missing.Count > 0)
        {
            Assert.Fail($"Missing on PATH: {string.Join(", ", missing)}. The edge tests run the real HAProxy (Debian's haproxy 2.6), " +
                        "socat and wrk: run .ci/provision-edge.sh (as root) to install them.");
        }
    }
}
