using System.Text.Json.Nodes;
using Orchestrator.Grains.Interfaces.Registry;

namespace Orchestrator.Grains.Tests.Registry;

/// <summary>The lifecycle fields: <c>ttl</c>, <c>memory_mb</c>, <c>group</c>, <c>auto_restart</c>, <c>autostart</c>, <c>preload</c>.</summary>
public sealed class ModelRegistryPolicyTests : IDisposable
{
    private const string Id = RegistryJson.DefaultId;

    private readonly TempRegistryDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Load_EveryPolicyField_IsRead()
    {
        var entry = RegistryJson.Entry();
        entry["ttl"] = 300;
        entry["memory_mb"] = 4096;
        entry["group"] = " chat ";
        entry["auto_restart"] = true;
        entry["autostart"] = true;
        entry["preload"] = false;

        var model = ModelRegistry.Load(_dir.Write(RegistryJson.Array(entry))).Models[0];
        var policy = model.Policy;

        Assert.Equal(TimeSpan.FromSeconds(300), policy.Ttl);
        Assert.Equal(4096, policy.MemoryMb);
        Assert.Equal("chat", policy.Group);
        Assert.True(policy.AutoRestart);
        Assert.True(policy.Autostart);
        Assert.False(policy.Preload);
        Assert.Empty(model.Extensions);
    }

    [Fact]
    public void Load_NoPolicyFields_MeansNoPolicy_AndTtlZeroMeansNever()
    {
        var withZero = RegistryJson.EntryWith("ttl", "0", "other");

        var models = ModelRegistry.Load(_dir.Write(RegistryJson.Array(RegistryJson.Entry(), withZero))).Models;

        Assert.Equal(Orchestrator.Grains.Interfaces.Models.ModelPolicy.None, models[0].Policy);
        Assert.Null(models[1].Policy.Ttl);
    }

    [Theory]
    [InlineData("ttl", "\"300\"", "expected a number, found a string; write it without quotes: the seconds a model may stay idle")]
    [InlineData("ttl", "-1", "-1 is not a whole number of at least 0")]
    [InlineData("ttl", "1.5", "1.5 is not a whole number of at least 0")]
    [InlineData("memory_mb", "0", "0 is not a whole number of at least 1; write the megabytes the model needs")]
    [InlineData("memory_mb", "\"4 GB\"", "expected a number, found a string")]
    [InlineData("group", "\"  \"", "expected a non-empty string, found a blank one; name the group")]
    [InlineData("group", "7", "expected a non-empty string, found a number")]
    [InlineData("auto_restart", "\"true\"", "expected true or false, found a string; write it without quotes, e.g. \"auto_restart\": true.")]
    [InlineData("autostart", "1", "expected true or false, found a number")]
    [InlineData("preload", "\"yes\"", "expected true or false, found a string")]
    public void Load_BadPolicyField_NamesTheFieldAndTheFix(string field, string value, string fix)
    {
        var path = _dir.Write(RegistryJson.Array(RegistryJson.EntryWith(field, value)));

        RegistryAssert.LoadFails(path, 0, Id, field, fix);
    }

    [Theory]
    [InlineData("memoryMb", "memory_mb")]
    [InlineData("TTL", "ttl")]
    [InlineData("autoRestart", "auto_restart")]
    [InlineData("auto-start", "autostart")]
    public void Load_PolicyFieldMisspelledByCase_SaysTheRightName(string written, string meant)
    {
        var entry = RegistryJson.Entry();
        entry[written] = JsonNode.Parse("1");

        RegistryAssert.LoadFails(_dir.Write(RegistryJson.Array(entry)), 0, Id, written, $"rename it to \"{meant}\"");
    }
}
