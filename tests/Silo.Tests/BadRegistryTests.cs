using Microsoft.Extensions.Configuration;
using Orchestrator.Grains.Interfaces.Errors;

namespace Orchestrator.Silo.Tests;

/// <summary>models.json faults beyond the registry's own tests, seen from the silo's start-up: a message, never a half-started silo.</summary>
public sealed class BadRegistryTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("orch-badreg-").FullName;

    public static TheoryData<string, byte[], string> Files => new()
    {
        { "invalid UTF-8", [(byte)'[', 0xC3, 0x28, (byte)']'], "models.json" },
        { "two JSON documents", "[] []"u8.ToArray(), "line 1" },
        { "nested beyond any sense", System.Text.Encoding.UTF8.GetBytes(new string('[', 200) + new string(']', 200)), "models.json" },
        { "id is a number", """[{"full_identifier": 7, "provider": "p", "library": "l", "name": "n", "version": "v", "manifest": "m", "model_file_path": "f"}]"""u8.ToArray(), "full_identifier" },
        { "model_file_path is null", """[{"full_identifier": "a", "provider": "p", "library": "l", "name": "n", "version": "v", "manifest": "m", "model_file_path": null}]"""u8.ToArray(), "model_file_path" },
        { "server_args picks the binary's port", """[{"full_identifier": "a", "provider": "p", "library": "l", "name": "n", "version": "v", "manifest": "m", "model_file_path": "f", "server_args": ["--port", "1"]}]"""u8.ToArray(), "--port" },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Startup_BadModelsJson_FailsWithAMessageNamingTheFile(string name, byte[] content, string mentions)
    {
        var path = Path.Combine(_folder, "models.json");
        File.WriteAllBytes(path, content);

        var error = Assert.Throws<RegistryException>(() => SiloApplication.Build([], b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orchestrator:ModelsPath"] = path,
            ["Orchestrator:StateDirectory"] = Path.Combine(_folder, "state"),
        })));

        Assert.True(error.Message.Contains(path, StringComparison.Ordinal), $"{name}: {error.Message}");
        Assert.Contains(mentions, error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder, "state", "silo.json")));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
