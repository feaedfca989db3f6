using System.Net;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;

namespace Orchestrator.Soak;

/// <summary>One client: random start, stop, status and chat calls until the deadline, each checked against the API's contract.</summary>
internal sealed class SoakClient(HttpClient http, SoakOptions options, SoakReport report, Random random)
{
    public async Task RunAsync(DateTime until)
    {
        while (DateTime.UtcNow < until)
        {
            var id = SoakModels.Ids[random.Next(SoakModels.Ids.Length)];
            var dice = random.Next(100);
            var operation = dice switch { < 40 => "status", < 60 => "start", < 70 => "stop", < 90 => "chat", _ => "chat-cancelled" };
            report.Count(operation);
            using var timeout = new CancellationTokenSource(options.CallTimeout);
            try
            {
                await (operation switch
                {
                    "status" => ExpectAsync(id, HttpMethod.Get, "", timeout.Token, HttpStatusCode.OK),
                    "start" => ExpectAsync(id, HttpMethod.Post, "/start", timeout.Token, HttpStatusCode.OK, HttpStatusCode.BadGateway),
                    "stop" => ExpectAsync(id, HttpMethod.Post, "/stop", timeout.Token, HttpStatusCode.OK),
                    _ => ChatAsync(id, cancelEarly: operation == "chat-cancelled", timeout.Token),
                });
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                report.Failures.Enqueue($"{operation} {id}: no answer within {options.CallTimeout}");
            }
            catch (Exception e) when (e is HttpRequestException or IOException or JsonException)
            {
                report.Failures.Enqueue($"{operation} {id}: {e.GetType().Name}: {e.Message}");
            }
        }
    }

    private async Task ExpectAsync(string id, HttpMethod method, string suffix, CancellationToken token, params HttpStatusCode[] expected)
    {
        using var request = new HttpRequestMessage(method, new Uri($"/v1/models/{Uri.EscapeDataString(id)}{suffix}", UriKind.Relative));
        using var response = await http.SendAsync(request, token);
        var body = await response.Content.ReadAsStringAsync(token);
        if (!expected.Contains(response.StatusCode))
        {
            report.Failures.Enqueue($"{method} {id}{suffix}: {(int)response.StatusCode} {body}");
            return;
        }

        // A start may fail only for the reasons this soak provokes: the crashy model's crash, or a stop that overtook it.
        if (response.StatusCode == HttpStatusCode.BadGateway && !body.Contains("stopped while loading", StringComparison.Ordinal) && !body.Contains("stopped before it started", StringComparison.Ordinal) && !body.Contains("killed", StringComparison.Ordinal) && !body.Contains("exited", StringComparison.Ordinal))
        {
            report.Failures.Enqueue($"start {id}: unexpected failure {body}");
        }
    }

    private async Task ChatAsync(string id, bool cancelEarly, CancellationToken token)
    {
        var body = $$"""{"messages":[{"role":"user","content":"soak {{random.Next()}}"}],"max_tokens":{{random.Next(1, 100)}}}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/v1/models/{Uri.EscapeDataString(id)}/chat", UriKind.Relative))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            return; // model-not-running: the documented answer when it is not Running
        }

        if (response.StatusCode != HttpStatusCode.OK)
        {
            report.Failures.Enqueue($"chat {id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(token)}");
            return;
        }

        var terminals = 0;
        var deltas = 0;
        await foreach (var item in SseParser.Create(await response.Content.ReadAsStreamAsync(token)).EnumerateAsync(token))
        {
            if (item.EventType == "delta" && ++deltas == 1 && cancelEarly)
            {
                return; // the client walks away mid-answer; the silo must free the slot
            }

            terminals += item.EventType is "done" or "error" ? 1 : 0;
        }

        if (terminals != 1)
        {
            report.Failures.Enqueue($"chat {id}: the stream ended with {terminals} terminal events after {deltas} deltas");
        }
    }
}
