namespace Orchestrator.Cli.Usage;

/// <summary>The names closest to a mistyped one: a letter missing, extra, wrong or swapped, or the start of a longer name.</summary>
internal static class Suggestions
{
    /// <summary>The candidates near enough to <paramref name="typed"/> to be what was meant, closest first (at most two).</summary>
    public static IReadOnlyList<string> For(string typed, IEnumerable<string> candidates)
    {
        // About one slip in three letters: "modles" (a swap) finds "models", "xyz" finds nothing rather than "stop".
        var allowed = Math.Max(1, typed.Length / 3);
        var near = candidates
            .Distinct(StringComparer.Ordinal)
            .Select(candidate => (Candidate: candidate, Distance: Distance(typed, candidate)))
            .Where(c => c.Distance <= allowed)
            .OrderBy(c => c.Distance)
            .ThenBy(c => c.Candidate, StringComparer.Ordinal)
            .ToList();
        return near.Count == 0 ? [] : [.. near.Where(c => c.Distance == near[0].Distance).Take(2).Select(c => c.Candidate)];
    }

    /// <summary>"did you mean 'a'?" or "did you mean 'a' or 'b'?", or null when there is nothing to suggest.</summary>
    public static string? Phrase(IReadOnlyList<string> suggestions) =>
        suggestions.Count == 0 ? null : $"did you mean {string.Join(" or ", suggestions.Select(s => $"'{s}'"))}?";

    /// <summary>
    /// Edits between the two (optimal string alignment: insert, delete, replace, swap two neighbours); the start of a
    /// longer name counts as one edit, so "stat" is as near to "status" as to "start".
    /// </summary>
    private static int Distance(string typed, string candidate)
    {
        if (typed.TrimStart('-').Length >= 2 && candidate.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
        {
            return typed.Length == candidate.Length ? 0 : 1;
        }

        var a = typed.ToLowerInvariant();
        var b = candidate.ToLowerInvariant();
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
