using System.Text.Json;
using Orchestrator.Client.Json;
using Orchestrator.Grains.Interfaces.Errors;
using Orchestrator.Grains.Interfaces.Models;

namespace Orchestrator.Client.Http;

/// <summary>
/// Turns the silo's problem details back into the exceptions the grains threw: the one place where the client reads
/// error answers. Model errors become the shared typed exceptions; anything else a <see cref="SiloRequestException"/>.
/// </summary>
internal static class ProblemMapper
{
    public static async Task<Exception> ReadAsync(HttpResponseMessage response, string? modelId, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var problem = TryParse(text);
        var type = problem?.Type;
        var detail = problem?.Detail ?? (text.Length > 0 ? text : response.ReasonPhrase ?? "no detail");
        return modelId is null
            ? new SiloRequestException(type ?? $"http-{status}", status, problem?.Title, detail)
            : type switch
            {
                ErrorTypes.ModelNotFound => new ModelNotFoundException(modelId),
                ErrorTypes.ModelNotRunning => NotRunning(modelId, detail),
                ErrorTypes.StartFailed => new StartFailedException(modelId, StartFailedReason(modelId, detail)),
                _ => new SiloRequestException(type ?? $"http-{status}", status, problem?.Title, detail),
            };
    }

    private static ProblemBody? TryParse(string text)
    {
        try
        {
            return text.StartsWith('{') ? JsonSerializer.Deserialize(text, ClientJsonContext.Default.ProblemBody) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // The detail is ModelNotRunningException's message: Model "<id>" is <Status>, not Running[ (<reason>)]. Start it first ...
    private static ModelNotRunningException NotRunning(string modelId, string detail)
    {
        var rest = StripPrefix(detail, $"Model \"{modelId}\" is ");
        var comma = rest.IndexOf(',', StringComparison.Ordinal);
        var status = comma > 0 && Enum.TryParse<ModelStatus>(rest[..comma], out var parsed) ? parsed : ModelStatus.Stopped;
        const string Open = ", not Running (";
        const string Close = "). Start it first";
        var open = rest.IndexOf(Open, StringComparison.Ordinal);
        var close = rest.LastIndexOf(Close, StringComparison.Ordinal);
        var reason = open >= 0 && close > open ? rest[(open + Open.Length)..close] : null;
        return new ModelNotRunningException(modelId, status, reason);
    }

    // The detail is StartFailedException's message: Model "<id>" failed to start: <reason>.
    private static string StartFailedReason(string modelId, string detail) => StripPrefix(detail, $"Model \"{modelId}\" failed to start: ");

    private static string StripPrefix(string text, string prefix) =>
        text.StartsWith(prefix, StringComparison.Ordinal) ? text[prefix.Length..] : text;
}
