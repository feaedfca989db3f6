namespace Orchestrator.Cluster.Tests.Support;

/// <summary>The tests that share one Redis (each with its own cluster id).</summary>
[CollectionDefinition(Name)]
public sealed class RedisGroup : ICollectionFixture<RedisServer>
{
    public const string Name = "redis";
}
