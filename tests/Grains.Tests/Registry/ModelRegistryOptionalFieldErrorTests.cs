namespace Orchestrator.Grains.Tests.Registry;

/// <summary>Errors in the optional fields <c>server_args</c>, <c>port</c> and <c>env</c>, and fixed ports across entries.</summary>
public sealed class ModelRegistryOptionalFieldErrorTests : IDisposable
{
    private const string Id = RegistryJson.DefaultId;

    private readonly TempRegistryDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Load_ServerArgsNotAnArray_SaysWriteAnArray()
    {
        var path = WriteEntryWith("server_args", "\"-c 4096\"");

        RegistryAssert.LoadFails(path, 0, Id, "server_args", "expected an array of strings, found a string; write it as e.g. \"server_args\": [\"-c\", \"4096\"]");
    }

    [Fact]
    public void Load_ServerArgNotAString_NamesTheElement()
    {
        var path = WriteEntryWith("server_args", "[\"-c\", 4096]");

        RegistryAssert.LoadFails(path, 0, Id, "server_args", "element #1: expected a string, found a number; quote every argument, numbers too");
    }

    [Theory]
    [InlineData("-m", "set \"model_file_path\" instead")]
    [InlineData("--model", "set \"model_file_path\" instead")]
    [InlineData("--model=/x.gguf", "set \"model_file_path\" instead")]
    [InlineData("--port", "set \"port\" instead")]
    [InlineData("--port=8080", "set \"port\" instead")]
    [InlineData("--host", "always binds llama-server to 127.0.0.1")]
    [InlineData("--host=0.0.0.0", "always binds llama-server to 127.0.0.1")]
    [InlineData("--alias", "passes \"full_identifier\" as the alias")]
    [InlineData("-a", "passes \"full_identifier\" as the alias")]
    public void Load_ServerArgOwnedByOrchestrator_SaysWhatToUseInstead(string argument, string fix)
    {
        var path = WriteEntryWith("server_args", $"[\"-c\", \"4096\", \"{argument}\", \"x\"]");

        var error = RegistryAssert.LoadFails(path, 0, Id, "server_args", fix);

        Assert.Contains($"element #2 (\"{argument}\"): \"{argument.Split('=')[0]}\" is set by the orchestrator", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_PortAsString_SaysWriteItWithoutQuotes()
    {
        var path = WriteEntryWith("port", "\"8080\"");

        RegistryAssert.LoadFails(path, 0, Id, "port", "expected a number, found a string; write it without quotes");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("65536")]
    [InlineData("8080.5")]
    [InlineData("8e3")]
    [InlineData("99999999999")]
    public void Load_PortOutOfRangeOrNotWhole_SaysTheRange(string port)
    {
        var path = WriteEntryWith("port", port);

        RegistryAssert.LoadFails(path, 0, Id, "port", $"{port} is not a port number; use a whole number from 1 to 65535, or leave \"port\" out");
    }

    [Fact]
    public void Load_DuplicateFixedPort_NamesBothEntries()
    {
        var path = _dir.Write(RegistryJson.Array(
            RegistryJson.EntryWith("port", "9001", id: "a"),
            RegistryJson.EntryWith("port", "9002", id: "b"),
            RegistryJson.EntryWith("port", "9001", id: "c")));

        RegistryAssert.LoadFails(path, 2, "c", "port", "port 9001 is also the fixed port of entry #0 (\"a\"); give each model its own port");
    }

    [Fact]
    public void Load_EnvNotAnObject_SaysWriteAnObject()
    {
        var path = WriteEntryWith("env", "[\"A=1\"]");

        RegistryAssert.LoadFails(path, 0, Id, "env", "expected an object of NAME: \"value\" pairs, found an array");
    }

    [Fact]
    public void Load_EnvValueNotAString_SaysQuoteIt()
    {
        var path = WriteEntryWith("env", "{\"OMP_NUM_THREADS\": 4}");

        RegistryAssert.LoadFails(path, 0, Id, "env", "variable \"OMP_NUM_THREADS\": expected a string value, found a number; quote it");
    }

    [Theory]
    [InlineData("", "a variable has an empty name")]
    [InlineData("A=B", "variable name \"A=B\" contains '='")]
    [InlineData("A\\u0000B", "contains a NUL character")]
    public void Load_EnvNameInvalid_SaysWhy(string name, string problem)
    {
        var path = WriteEntryWith("env", $"{{\"{name}\": \"1\"}}");

        RegistryAssert.LoadFails(path, 0, Id, "env", problem);
    }

    [Fact]
    public void Load_EnvVariableTwice_SaysKeepOne()
    {
        // Written by hand: JsonObject itself refuses a name twice.
        var entry = RegistryJson.Entry().ToJsonString();
        var path = _dir.Write($"[{entry[..^1]}, \"env\": {{\"A\": \"1\", \"A\": \"2\"}}}}]");

        RegistryAssert.LoadFails(path, 0, Id, "env", "variable \"A\" is set twice; keep one.");
    }

    [Fact]
    public void Load_EnvSetsRouterPort_SaysRemoveIt()
    {
        var path = WriteEntryWith("env", "{\"LLAMA_SERVER_ROUTER_PORT\": \"9000\"}");

        RegistryAssert.LoadFails(path, 0, Id, "env", "\"LLAMA_SERVER_ROUTER_PORT\" cannot be set for a model: llama-server exits when it is present; remove it.");
    }

    private string WriteEntryWith(string field, string value) =>
        _dir.Write(RegistryJson.Array(RegistryJson.EntryWith(field, value)));
}
