using System.Runtime.CompilerServices;

namespace Orchestrator.TestSupport;

/// <summary>
/// The VSTest test host blocks thread-pool threads of the test process (seen: the pool took 0.5-1 s to run a queued
/// item while a test waited for a child, with 3 pool threads; the same grain code in its own process showed no stall).
/// More threads up front keep tests from waiting on the pool's slow thread injection; product code is unaffected.
/// </summary>
internal static class ThreadPoolWarmup
{
    [ModuleInitializer]
    internal static void Initialize() => ThreadPool.SetMinThreads(Math.Max(16, Environment.ProcessorCount * 4), 16);
}
