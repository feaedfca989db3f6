using System.Text.Json;

namespace Orchestrator.Soak;

/// <summary>
/// Checks, while the clients run: no model stays Starting or Stopping longer than it may (nothing wedged), and the
/// server processes that exist match the states the silo reports.
/// </summary>
internal sealed class InvariantChecker(HttpClient http, string folder, SoakOptions options, SoakReport report)
{
    private readonly Dictionary<string, (string Status, DateTime Since)> _transitional = [];
    private readonly HashSet<int> _seenPids = [];

    // A state follows its process by the exit-detection latency (the exit event, a few ms, more on a loaded machine):
    // a mismatch is a violation only when the same state still disagrees at the next check.
    private readonly Dictionary<string, string> _suspects = [];

    public async Task RunAsync(DateTime until)
    {
        while (DateTime.UtcNow < until)
        {
            await CheckOnceAsync();
            report.Checks++;
            await Task.Delay(options.CheckEvery);
        }

        report.SpawnedServers = _seenPids.Count;
    }

    private async Task CheckOnceAsync()
    {
        // Compare processes with states only where the state did not change while the processes were read.
        var before = await SnapshotAsync();
        var live = SoakModels.Ids.ToDictionary(id => id, id => LiveServers.WithArgument(SoakModels.ModelFile(folder, id)));
        var after = await SnapshotAsync();
        foreach (var id in SoakModels.Ids)
        {
            var (status, pid, since) = after[id];
            if (pid is int p)
            {
                _seenPids.Add(p);
            }

            CheckNotWedged(id, status);
            if (before[id] != after[id] || status is "Starting" or "Stopping")
            {
                continue;
            }

            var processes = live[id];
            var consistent = status == "Running"
                ? processes.Count == 1 && processes[0] == pid
                : processes.Count == 0;
            var key = $"{status} {pid} {since}";
            if (consistent)
            {
                _suspects.Remove(id);
            }
            else if (_suspects.TryGetValue(id, out var suspect) && suspect == key)
            {
                report.Violations.Enqueue($"{id} is {status} (pid {pid?.ToString() ?? "none"}, since {since}) but its live servers are [{string.Join(", ", processes)}], at two checks in a row");
                _suspects.Remove(id);
            }
            else
            {
                _suspects[id] = key;
            }
        }
    }

    private void CheckNotWedged(string id, string status)
    {
        if (status is not ("Starting" or "Stopping"))
        {
            _transitional.Remove(id);
            return;
        }

        if (!_transitional.TryGetValue(id, out var seen) || seen.Status != status)
        {
            _transitional[id] = (status, DateTime.UtcNow);
        }
        else if (DateTime.UtcNow - seen.Since > options.StableWithin)
        {
            report.Violations.Enqueue($"{id} has been {status} for more than {options.StableWithin}");
            _transitional.Remove(id);
        }
    }

    private async Task<Dictionary<string, (string Status, int? Pid, string Since)>> SnapshotAsync()
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync(new Uri("/v1/models", UriKind.Relative)));
        return doc.RootElement.EnumerateArray().ToDictionary(
            m => m.GetProperty("id").GetString()!,
            m => (m.GetProperty("status").GetString()!,
                  m.GetProperty("pid").ValueKind == JsonValueKind.Number ? m.GetProperty("pid").GetInt32() : (int?)null,
                  m.GetProperty("since").GetRawText()));
    }
}
