using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.Grains.Interfaces.Registry;

namespace Orchestrator.Grains.Tests.Registry;

public sealed class ModelRegistryTests : IDisposable
{
    private readonly TempRegistryDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Load_ArrayForm_KeepsFileOrderAndEveryField()
    {
        var path = _dir.Write(RegistryJson.Array(RegistryJson.Entry("b"), RegistryJson.Entry("a")));

        var registry = ModelRegistry.Load(path);

        Assert.Equal(path, registry.FilePath);
        Assert.Equal(["b", "a"], registry.Models.Select(model => model.Id.Value));
        var model = registry.Models[0];
        Assert.Equal(("ollama", "library", "llama3.2", "3b"), (model.Provider, model.Library, model.Name, model.Version));
        Assert.Equal("~/.ollama/models/manifests/registry.ollama.ai/library/llama3.2/3b", model.Manifest);
        Assert.Equal("/models/llama3.2-3b.gguf", model.ModelFilePath);
        Assert.Empty(model.ServerArguments);
        Assert.Null(model.Port);
        Assert.Empty(model.Environment);
        Assert.Empty(model.Extensions);
    }

    [Fact]
    public void Load_ObjectForm_ReadsModelsAndToleratesOtherTopLevelKeys()
    {
        var path = _dir.Write($"{{\"version\": 1, \"models\": [{RegistryJson.Entry().ToJsonString()}], \"notes\": {{}}}}");

        var registry = ModelRegistry.Load(path);

        Assert.Equal(new ModelId(RegistryJson.DefaultId), Assert.Single(registry.Models).Id);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{\"models\": []}")]
    public void Load_NoEntries_IsAnEmptyRegistry(string text)
    {
        Assert.Empty(ModelRegistry.Load(_dir.Write(text)).Models);
    }

    [Theory]
    [InlineData("llama.gguf", "llama.gguf")]
    [InlineData("blobs/./sha256-ab", "blobs/sha256-ab")]
    [InlineData("../shared/llama.gguf", "../shared/llama.gguf")]
    public void Load_RelativeModelPath_ResolvesAgainstTheRegistryFolder(string written, string relativeToFolder)
    {
        var path = _dir.Write(RegistryJson.Array(RegistryJson.EntryWith("model_file_path", JsonSerializer.Serialize(written))));

        var model = ModelRegistry.Load(path).Models[0];

        Assert.Equal(Path.GetFullPath(Path.Combine(_dir.Folder, relativeToFolder)), model.ModelFilePath);
        Assert.False(File.Exists(model.ModelFilePath), "a model file that is not there yet is not a load error");
    }

    [Fact]
    public void Load_AbsoluteModelPath_IsNormalized()
    {
        var path = _dir.Write(RegistryJson.Array(RegistryJson.EntryWith("model_file_path", "\"/models//old/../llama.gguf\"")));

        Assert.Equal("/models/llama.gguf", ModelRegistry.Load(path).Models[0].ModelFilePath);
    }

    [Theory]
    [InlineData("~/.ollama/models/blobs/sha256-ab", ".ollama/models/blobs/sha256-ab")]
    [InlineData("~", "")]
    [InlineData("~/", "")]
    public void Load_TildeModelPath_ExpandsToHome(string written, string relativeToHome)
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var path = _dir.Write(RegistryJson.Array(RegistryJson.EntryWith("model_file_path", JsonSerializer.Serialize(written))));

        var model = ModelRegistry.Load(path).Models[0];

        Assert.Equal(Path.GetFullPath(Path.Combine(home, relativeToHome)), model.ModelFilePath);
    }

    [Fact]
    public void Load_OptionalFields_AreParsed()
    {
        var entry = RegistryJson.Entry();
        entry["server_args"] = new JsonArray("-c", "4096", "-np", "2", "--model-draft", "d.gguf");
        entry["port"] = 65535;
        entry["env"] = new JsonObject { ["LLAMA_ARG_THREADS"] = "4", ["EMPTY"] = "" };
        var path = _dir.Write(RegistryJson.Array(entry));

        var model = ModelRegistry.Load(path).Models[0];

        Assert.Equal(["-c", "4096", "-np", "2", "--model-draft", "d.gguf"], model.ServerArguments);
        Assert.Equal(65535, model.Port);
        Assert.Equal("4", model.Environment["LLAMA_ARG_THREADS"]);
        Assert.Equal("", model.Environment["EMPTY"]);
    }

    [Fact]
    public void Load_OptionalFieldsNull_MeanNotSet()
    {
        var path = _dir.Write(RegistryJson.Array(RegistryJson.EntryWith("port", "null")));
        var text = File.ReadAllText(path).Replace("\"port\":null", "\"port\":null,\"server_args\":null,\"env\":null", StringComparison.Ordinal);
        File.WriteAllText(path, text);

        var model = ModelRegistry.Load(path).Models[0];

        Assert.Null(model.Port);
        Assert.Empty(model.ServerArguments);
        Assert.Empty(model.Environment);
    }

    [Fact]
    public void Load_UnknownFields_AreKeptAsWritten()
    {
        var path = _dir.Write(RegistryJson.Array(RegistryJson.EntryWith("quantization", "{\"type\": \"Q4_K_M\", \"bits\": 4.5}")));

        var extensions = ModelRegistry.Load(path).Models[0].Extensions;

        var quantization = Assert.Single(extensions);
        Assert.Equal("quantization", quantization.Key);
        Assert.Equal("Q4_K_M", quantization.Value.GetProperty("type").GetString());
        Assert.Equal(4.5, quantization.Value.GetProperty("bits").GetDouble());
    }

    [Fact]
    public void Load_FileWithByteOrderMark_IsRead()
    {
        var path = Path.Combine(_dir.Folder, "bom.json");
        File.WriteAllText(path, RegistryJson.Array(RegistryJson.Entry()), new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        Assert.Single(ModelRegistry.Load(path).Models);
    }

    [Fact]
    public void Models_CannotBeChangedThroughACast()
    {
        var registry = ModelRegistry.Load(_dir.Write(RegistryJson.Array(RegistryJson.Entry())));

        var list = Assert.IsAssignableFrom<IList<ModelDefinition>>(registry.Models);
        Assert.Throws<NotSupportedException>(() => list.Clear());
    }

    [Fact]
    public void Parse_RelativeFilePath_IsMadeAbsolute()
    {
        var registry = ModelRegistry.Parse(RegistryJson.Array(RegistryJson.EntryWith("model_file_path", "\"m.gguf\"")), "models.json");

        Assert.Equal(Path.GetFullPath("models.json"), registry.FilePath);
        Assert.Equal(Path.GetFullPath("m.gguf"), registry.Models[0].ModelFilePath);
    }
}
