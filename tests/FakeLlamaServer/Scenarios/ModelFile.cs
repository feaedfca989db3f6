namespace FakeLlamaServer.Scenarios;

/// <summary>The outcome of opening the model file: a scenario, or the strerror text fopen would have given.</summary>
internal sealed record ModelFile(Scenario? Scenario, string? OpenError, string? ScenarioError)
{
    public static ModelFile Open(string path)
    {
        if (Directory.Exists(path))
        {
            return new ModelFile(null, "Is a directory", null);
        }

        if (!File.Exists(path))
        {
            return new ModelFile(null, "No such file or directory", null);
        }

        try
        {
            if (!LooksLikeJson(path))
            {
                return new ModelFile(new Scenario(), null, null);
            }

            var bytes = File.ReadAllBytes(path);
            return new ModelFile(ScenarioReader.Read(bytes), null, null);
        }
        catch (UnauthorizedAccessException)
        {
            return new ModelFile(null, "Permission denied", null);
        }
        catch (System.Text.Json.JsonException e)
        {
            return new ModelFile(null, null, e.Message);
        }
    }

    // A GGUF file starts with the magic "GGUF", a scenario with '{' (after whitespace or a BOM). Only the head
    // is read: a real model file can be gigabytes.
    private static bool LooksLikeJson(string path)
    {
        Span<byte> head = stackalloc byte[256];
        using var stream = File.OpenRead(path);
        ReadOnlySpan<byte> trimmed = head[..stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)];
        ReadOnlySpan<byte> bomAndWhitespace = [0xEF, 0xBB, 0xBF, (byte)' ', (byte)'\t', (byte)'\r', (byte)'\n'];
        trimmed = trimmed.TrimStart(bomAndWhitespace);
        return !trimmed.IsEmpty && trimmed[0] == (byte)'{';
    }
}
