using System.Text.Json;

namespace FakeLlamaServer.Scenarios;

/// <summary>
/// Reads a scenario file by hand with JsonDocument. The source-generated serializer context costs 25-70 ms to
/// initialise here, a third of the whole start-up; this is a test suite's hot path.
/// </summary>
internal static class ScenarioReader
{
    private static readonly JsonDocumentOptions Options = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Parses <paramref name="json"/>; throws <see cref="JsonException"/> naming the bad field.</summary>
    public static Scenario Read(ReadOnlyMemory<byte> json)
    {
        using var document = JsonDocument.Parse(json, Options);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("a scenario must be a JSON object");
        }

        var scenario = new Scenario();
        foreach (var field in document.RootElement.EnumerateObject())
        {
            try
            {
                Apply(scenario, field.Name, field.Value);
            }
            catch (InvalidOperationException e)
            {
                throw new JsonException($"field '{field.Name}': {e.Message}", e);
            }
            catch (FormatException e)
            {
                throw new JsonException($"field '{field.Name}': {e.Message}", e);
            }
        }

        return scenario;
    }

    private static void Apply(Scenario s, string name, JsonElement v)
    {
        switch (name)
        {
            case "load_ms": s.LoadMs = v.GetInt32(); break;
            case "hang_at_load": s.HangAtLoad = v.GetBoolean(); break;
            case "exit_at_load_code": s.ExitAtLoadCode = NullableInt(v); break;
            case "exit_at_load_message": s.ExitAtLoadMessage = v.GetString(); break;
            case "tokens": s.Tokens = v.ValueKind == JsonValueKind.Null ? Scenario.DefaultTokens : [.. v.EnumerateArray().Select(t => t.GetString() ?? "")]; break;
            case "token_count": s.TokenCount = NullableInt(v); break;
            case "token_delay_ms": s.TokenDelayMs = v.GetInt32(); break;
            case "prompt_delay_ms": s.PromptDelayMs = v.GetInt32(); break;
            case "crash_after_tokens": s.CrashAfterTokens = NullableInt(v); break;
            case "crash_exit_code": s.CrashExitCode = v.GetInt32(); break;
            case "crash_signal": s.CrashSignal = NullableInt(v); break;
            case "hang_after_tokens": s.HangAfterTokens = NullableInt(v); break;
            case "freeze_after_tokens": s.FreezeAfterTokens = NullableInt(v); break;
            case "error_after_tokens": s.ErrorAfterTokens = NullableInt(v); break;
            case "error_message": s.ErrorMessage = v.GetString() ?? Scenario.DefaultErrorMessage; break;
            case "ignore_sigterm_in_flight": s.IgnoreSigtermInFlight = v.GetBoolean(); break;
            case "events_file": s.EventsFile = v.GetString(); break;
            // A misspelt field in a test's scenario must fail loudly, not silently run the defaults.
            default: throw new InvalidOperationException("unknown scenario field");
        }
    }

    private static int? NullableInt(JsonElement v) => v.ValueKind == JsonValueKind.Null ? null : v.GetInt32();
}
