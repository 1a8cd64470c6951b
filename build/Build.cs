// Placeholder until the engine lands; see issue 2.
internal static class Build
{
    public static int Main() => 1;
}
