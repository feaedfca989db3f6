using Orchestrator.Client;
using Orchestrator.Cluster.Tests.Support;
using Orchestrator.TestSupport;
using Xunit.Abstractions;

namespace Orchestrator.Cluster.Tests;

/// <summary>A test's folder, certificates and cluster id (its own, so tests sharing the Redis never see each other's silos).</summary>
public abstract class ClusterTestBase(RedisServer redis, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _folder = TempDirectory.CreateUnique(); // deleted by DisposeAsync
    private readonly List<IAsyncDisposable> _owned = [];

    protected ITestOutputHelper Output { get; } = output;

    protected TestCertificates Certificates { get; private set; } = null!;

    protected string ClusterId { get; } = $"test-{Guid.NewGuid():N}"[..17];

    public Task InitializeAsync()
    {
        Certificates = new TestCertificates(Path.Combine(_folder, "certs"));
        return Task.CompletedTask;
    }

    /// <summary>Starts a node signed by the cluster's authority (or a rogue one, trusting only its own).</summary>
    protected ClusterNode StartNode(string name, bool rogue = false, params string[] models)
    {
        var node = ClusterNode.Start(_folder, name, ClusterId, redis.Connection, Certificates.Issue(name, rogue),
            rogue ? Certificates.RogueAuthority : Certificates.Authority, models);
        _owned.Insert(0, node);
        return node;
    }

    /// <summary>A client of <paramref name="node"/>'s gateway, with nothing but its silo.json (as orch on that machine).</summary>
    protected async Task<OrchestratorClient> ConnectAsync(ClusterNode node, OrchestratorClientOptions? options = null)
    {
        var client = await OrchestratorClient.ConnectAsync((options ?? new()) with { StateDirectory = node.StateDirectory });
        _owned.Insert(0, client);
        return client;
    }

    public async Task DisposeAsync()
    {
        foreach (var owned in _owned)
        {
            await owned.DisposeAsync();
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A process that outlived its test may still hold a file; the folder is under temp anyway.
        }
    }
}
