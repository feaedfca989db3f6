using System.Text.Json.Nodes;

namespace Orchestrator.Grains.Tests.Registry;

/// <summary>Errors in one entry's required fields, its field names, and ids across entries.</summary>
public sealed class ModelRegistryEntryErrorTests : IDisposable
{
    private const string Id = RegistryJson.DefaultId;

    private readonly TempRegistryDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string> RequiredFields() =>
        ["full_identifier", "provider", "library", "name", "version", "manifest", "model_file_path"];

    [Theory]
    [MemberData(nameof(RequiredFields))]
    public void Load_MissingRequiredField_NamesFieldAndWhatToAdd(string field)
    {
        var broken = RegistryJson.Entry();
        broken.Remove(field);
        var path = _dir.Write(RegistryJson.Array(RegistryJson.Entry("first"), broken));

        RegistryAssert.LoadFails(path, 1, IdUnlessAbout(field), field, "is required but missing; add it: ");
    }

    [Theory]
    [MemberData(nameof(RequiredFields))]
    public void Load_EmptyRequiredField_SaysGiveItAValue(string field)
    {
        var path = _dir.Write(RegistryJson.Array(RegistryJson.EntryWith(field, "\"\"")));

        RegistryAssert.LoadFails(path, 0, IdUnlessAbout(field), field, "is empty; give it a value: ");
    }

    [Theory]
    [MemberData(nameof(RequiredFields))]
    public void Load_BlankRequiredField_SaysGiveItAValue(string field)
    {
        var path = _dir.Write(RegistryJson.Array(RegistryJson.EntryWith(field, "\" \\t \"")));

        RegistryAssert.LoadFails(path, 0, IdUnlessAbout(field), field, "is blank (only whitespace); give it a value: ");
    }

    [Theory]
    [InlineData("name", "42", "a number")]
    [InlineData("version", "true", "a boolean")]
    [InlineData("manifest", "null", "null")]
    [InlineData("full_identifier", "[\"a\"]", "an array")]
    [InlineData("model_file_path", "{\"path\": \"a.gguf\"}", "an object")]
    public void Load_RequiredFieldOfWrongType_SaysExpectedAndFound(string field, string value, string found)
    {
        var path = _dir.Write(RegistryJson.Object(RegistryJson.EntryWith(field, value)));

        RegistryAssert.LoadFails(path, 0, IdUnlessAbout(field), field, $"expected a non-empty string, found {found}; write it in double quotes");
    }

    [Fact]
    public void Load_DuplicateFullIdentifier_NamesBothEntries()
    {
        var path = _dir.Write(RegistryJson.Array(RegistryJson.Entry("a"), RegistryJson.Entry("b"), RegistryJson.Entry("a")));

        var error = RegistryAssert.LoadFails(path, 2, "a", "full_identifier", "rename or remove one of the two entries");

        Assert.Contains("also the full_identifier of entry #0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FieldTwiceInOneEntry_SaysKeepOne()
    {
        var entry = RegistryJson.Entry().ToJsonString();
        var path = _dir.Write($"[{entry[..^1]}, \"name\": \"other\"}}]");

        RegistryAssert.LoadFails(path, 0, Id, "name", "appears more than once in this entry; keep one.");
    }

    [Theory]
    [InlineData("modelFilePath", "model_file_path")]
    [InlineData("Server-Args", "server_args")]
    [InlineData("Port", "port")]
    public void Load_MisspelledKnownField_SaysRename(string written, string meant)
    {
        var entry = RegistryJson.Entry();
        entry[written] = JsonValue.Create("x");
        var path = _dir.Write(RegistryJson.Array(entry));

        RegistryAssert.LoadFails(path, 0, Id, written, $"looks like \"{meant}\" (field names are snake_case and case-sensitive); rename it to \"{meant}\".");
    }

    [Fact]
    public void Load_ModelPathInOtherUsersHome_SaysWriteTheFullPath()
    {
        var path = _dir.Write(RegistryJson.Array(RegistryJson.EntryWith("model_file_path", "\"~bob/models/a.gguf\"")));

        RegistryAssert.LoadFails(path, 0, Id, "model_file_path", "starts with \"~bob\": only \"~\" and \"~/\" (your own home) are expanded; write the full path");
    }

    [Fact]
    public void Load_ModelPathWithNul_SaysRemoveIt()
    {
        var path = _dir.Write(RegistryJson.Array(RegistryJson.EntryWith("model_file_path", "\"a\\u0000.gguf\"")));

        RegistryAssert.LoadFails(path, 0, Id, "model_file_path", "contains a NUL character (\\u0000), which no file path can hold; remove it.");
    }

    /// <summary>A broken <c>full_identifier</c> cannot name its own entry.</summary>
    private static string? IdUnlessAbout(string field) => field == "full_identifier" ? null : Id;
}
