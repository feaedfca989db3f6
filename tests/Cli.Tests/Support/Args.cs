namespace Orchestrator.Cli.Tests.Support;

/// <summary>Command lines aimed at a test silo.</summary>
internal static class Args
{
    /// <summary><paramref name="args"/> followed by the silo's <c>--gateway</c> and <c>--token</c>.</summary>
    public static string[] For(TestSilo silo, params string[] args) => [.. args, "--gateway", silo.Info.Gateway!, "--token", silo.Info.Token];
}
