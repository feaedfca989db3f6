using System.Text.Json;
using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.Grains.Processes;

namespace Orchestrator.Grains.Tests.Processes;

public sealed class LlamaServerCommandTests
{
    private static readonly ModelDefinition Model = new(
        new ModelId("registry.ollama.ai/library/llama3.2:3b"), "ollama", "library", "llama3.2", "3b", "manifest", "/models/blob.gguf",
        ["-c", "4096"], null, new Dictionary<string, string> { ["OMP_NUM_THREADS"] = "2" }, new Dictionary<string, JsonElement>());

    [Fact]
    public void Build_PassesModelLoopbackAutoPortAliasThenTheModelsArguments()
    {
        var info = LlamaServerCommand.Build("/usr/bin/llama-server", Model, "127.0.0.1");
        var args = info.ArgumentList.ToList();

        var own = args.IndexOf("--model");
        Assert.Equal(
            ["--model", "/models/blob.gguf", "--host", "127.0.0.1", "--port", "0", "--alias", "registry.ollama.ai/library/llama3.2:3b", "-c", "4096"],
            args[own..]);
        Assert.Equal("/usr/bin/llama-server", args[own - 1]);
    }

    [Fact]
    public void Build_OnLinux_TiesTheChildToTheSiloWithAParentDeathSignal()
    {
        var info = LlamaServerCommand.Build("/usr/bin/llama-server", Model, "127.0.0.1");

        Assert.Equal("/usr/bin/setpriv", info.FileName);
        Assert.Equal(["--pdeathsig", "KILL", "--"], info.ArgumentList.Take(3));
        Assert.Contains(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), info.ArgumentList);
    }

    [Fact]
    public void Build_ScrubsInheritedLlamaVariables_AndAddsTheModelsEnvironment()
    {
        Environment.SetEnvironmentVariable("LLAMA_ARG_CTX_SIZE", "99");
        Environment.SetEnvironmentVariable("LLAMA_SERVER_ROUTER_PORT", "1234");
        try
        {
            var info = LlamaServerCommand.Build("/usr/bin/llama-server", Model, "127.0.0.1");

            Assert.DoesNotContain("LLAMA_ARG_CTX_SIZE", info.Environment.Keys);
            Assert.DoesNotContain("LLAMA_SERVER_ROUTER_PORT", info.Environment.Keys);
            Assert.Equal("2", info.Environment["OMP_NUM_THREADS"]);
            Assert.True(info.RedirectStandardInput && info.RedirectStandardOutput && info.RedirectStandardError);
        }
        finally
        {
            Environment.SetEnvironmentVariable("LLAMA_ARG_CTX_SIZE", null);
            Environment.SetEnvironmentVariable("LLAMA_SERVER_ROUTER_PORT", null);
        }
    }
}
