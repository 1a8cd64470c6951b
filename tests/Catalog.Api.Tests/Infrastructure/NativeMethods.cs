using System.Runtime.InteropServices;

namespace Catalog.Api.Tests.Infrastructure;

/// <summary>POSIX kill(2): .NET can only SIGKILL a child (Process.Kill), and the tests need a real SIGTERM.</summary>
internal static class NativeMethods
{
    public const int SigTerm = 15;

    // DllImport rather than LibraryImport: the source-generated form needs AllowUnsafeBlocks for one call in tests.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static extern int Kill(int pid, int signal);
#pragma warning restore SYSLIB1054
}
