using System.Text.Json;

namespace Orchestrator.Grains.Tests.Registry;

/// <summary>Errors about the file as a whole: reading it, its JSON syntax, and its top-level shape.</summary>
public sealed class ModelRegistryDocumentErrorTests : IDisposable
{
    private readonly TempRegistryDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Load_MissingFile_NamesPathAndOsReason()
    {
        var path = Path.Combine(_dir.Folder, "missing.json");

        var error = RegistryAssert.LoadFails(path, null, null, null, "Check the path, or create the file");

        Assert.Contains("Could not find file", error.Message, StringComparison.Ordinal);
        Assert.IsType<FileNotFoundException>(error.InnerException);
    }

    [Fact]
    public void Load_Directory_SaysToPassTheFile()
    {
        RegistryAssert.LoadFails(_dir.Folder, null, null, null, "this is a directory; pass the path of the models.json file");
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \n\t ")]
    public void Load_EmptyFile_SaysHowToWriteAnEmptyRegistry(string text)
    {
        var path = _dir.Write(text);

        RegistryAssert.LoadFails(path, null, null, null, "the file is empty; write [] or {\"models\": []}");
    }

    [Fact]
    public void Load_MalformedJson_GivesOneBasedLineAndColumn()
    {
        var path = _dir.Write("[\n  {\"name\": \"a\"\n  \"version\": \"b\"}\n]");

        var error = RegistryAssert.LoadFails(path, null, null, null, "Fix the syntax there");

        Assert.Contains("malformed JSON at line 3, column 3:", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<JsonException>(error.InnerException);
    }

    [Fact]
    public void Load_MalformedJsonAfterNonAsciiText_CountsColumnsInCharacters()
    {
        // "é" is two UTF-8 bytes; the stray x is the 15th character but the 16th byte of the line.
        var path = _dir.Write("[{\"name\": \"é\" x}]");

        var error = RegistryAssert.LoadFails(path, null, null, null, "Fix the syntax there");

        Assert.Contains("line 1, column 15:", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[{\"a\": 1},]")]
    [InlineData("// models\n[]")]
    [InlineData("{'models': []}")]
    [InlineData("[] []")]
    public void Load_NotStrictJson_IsMalformed(string text)
    {
        var path = _dir.Write(text);

        RegistryAssert.LoadFails(path, null, null, null, "malformed JSON at line 1, column ");
    }

    [Theory]
    [InlineData("\"models\"", "a string")]
    [InlineData("42", "a number")]
    [InlineData("null", "null")]
    public void Load_TopLevelNeitherArrayNorObject_SaysTheShapeToWrite(string text, string found)
    {
        var path = _dir.Write(text);

        var error = RegistryAssert.LoadFails(path, null, null, null, "write the file as an array of entries");

        Assert.Contains($"the top level is {found};", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ObjectWithoutModels_SaysToAddModels()
    {
        var path = _dir.Write("{\"entries\": []}");

        RegistryAssert.LoadFails(path, null, null, "models", "or as {\"models\": [ {...}, {...} ]}");
    }

    [Fact]
    public void Load_ObjectWithModelsInOtherCase_PointsAtTheCase()
    {
        var path = _dir.Write("{\"Models\": []}");

        RegistryAssert.LoadFails(path, null, null, "models", "(found \"Models\", but names are case-sensitive)");
    }

    [Fact]
    public void Load_ModelsTwice_SaysKeepOne()
    {
        var path = _dir.Write("{\"models\": [], \"models\": []}");

        RegistryAssert.LoadFails(path, null, null, "models", "keep one list of entries");
    }

    [Fact]
    public void Load_ModelsNotAnArray_SaysExpectedAndFound()
    {
        var path = _dir.Write("{\"models\": {\"a\": {}}}");

        RegistryAssert.LoadFails(path, null, null, "models", "expected an array of entries, found an object; write it as \"models\": [");
    }

    [Fact]
    public void Load_EntryNotAnObject_NamesTheEntry()
    {
        var path = _dir.Write($"[{RegistryJson.Entry().ToJsonString()}, \"llama3.2\"]");

        RegistryAssert.LoadFails(path, 1, null, null, "expected an object, found a string; write each entry as {\"full_identifier\"");
    }
}
