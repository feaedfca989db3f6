namespace Orchestrator.Grains.Budget;

/// <summary>
/// The budget's books, without any Orleans: who holds room (and how much, whether busy, when last used, whether asked to
/// leave) and who waits, first come first served. <see cref="ModelBudgetGrain"/> owns one and acts on what it says.
/// </summary>
internal sealed class RoomLedger(int memoryBudgetMb, int maxRunningModels)
{
    private readonly Dictionary<string, Holding> _holdings = new(StringComparer.Ordinal);
    private readonly List<Waiter> _queue = [];

    public int MemoryBudgetMb => memoryBudgetMb;

    public int MaxRunningModels => maxRunningModels;

    public int MemoryInUseMb => _holdings.Values.Sum(h => h.MemoryMb);

    public int Running => _holdings.Count;

    public IReadOnlyList<Waiter> Queue => _queue;

    public IEnumerable<Holding> Holdings => _holdings.Values;

    /// <summary>Whether <paramref name="memoryMb"/> could ever fit: not more than the whole budget.</summary>
    public bool CouldEverFit(int memoryMb) => memoryBudgetMb == 0 || memoryMb <= memoryBudgetMb;

    /// <summary>Puts a start at the end of the queue (after <see cref="Forget"/> of what the model held or waited for).</summary>
    public void Enqueue(Waiter waiter) => _queue.Add(waiter);

    /// <summary>The waiter's place in the queue, 0 first; -1 once it left it.</summary>
    public int PositionOf(Waiter waiter) => _queue.IndexOf(waiter);

    /// <summary>
    /// Drops the model's room and place in the queue, whatever the ticket: a model asks again only once its process is gone.
    /// </summary>
    public void Forget(string modelId)
    {
        _holdings.Remove(modelId);
        _queue.RemoveAll(w => w.ModelId == modelId);
    }

    /// <summary>
    /// The request with this ticket is withdrawn: drops its waiter, or frees its room when it was granted meanwhile (the
    /// grant crossed the withdrawal); false when neither is there.
    /// </summary>
    public bool Cancel(string modelId, long ticket) => _queue.RemoveAll(w => w.ModelId == modelId && w.Ticket == ticket) > 0 | Release(modelId, ticket);

    /// <summary>Frees the room of this ticket; false when it holds none (already released, or replaced).</summary>
    public bool Release(string modelId, long ticket) =>
        _holdings.TryGetValue(modelId, out var holding) && holding.Ticket == ticket && _holdings.Remove(modelId);

    /// <summary>Records a use report unless an older one overtook a newer.</summary>
    public bool ReportUse(string modelId, long sequence, bool busy, DateTimeOffset lastUsed)
    {
        if (!_holdings.TryGetValue(modelId, out var holding) || sequence <= holding.UseSequence)
        {
            return false;
        }

        _holdings[modelId] = holding with { UseSequence = sequence, Busy = busy, LastUsed = lastUsed };
        return true;
    }

    /// <summary>The head of the queue when it fits now; it then holds room.</summary>
    public Waiter? GrantHead(DateTimeOffset now)
    {
        if (_queue.Count == 0 || !Fits(_queue[0].MemoryMb, MemoryInUseMb, Running))
        {
            return null;
        }

        var head = _queue[0];
        _queue.RemoveAt(0);
        _holdings[head.ModelId] = new Holding(head.ModelId, head.Ticket, head.MemoryMb, head.Group, Busy: false, UseSequence: head.UseSequence, LastUsed: now, Leaving: false);
        return head;
    }

    /// <summary>
    /// What to evict for the head of the queue: idle models not already leaving, least recently used first, just enough
    /// that the head fits once they are gone. Empty when the models already leaving make enough room, or when even every idle
    /// model would not (stopping them would help nobody).
    /// </summary>
    public IReadOnlyList<Holding> VictimsForHead()
    {
        if (_queue.Count == 0)
        {
            return [];
        }

        var head = _queue[0];
        var staying = _holdings.Values.Where(h => !h.Leaving).ToList();
        var memory = staying.Sum(h => h.MemoryMb);
        var count = staying.Count;
        var victims = new List<Holding>();
        foreach (var idle in staying.Where(h => !h.Busy).OrderBy(h => h.LastUsed).ThenBy(h => h.ModelId, StringComparer.Ordinal))
        {
            if (Fits(head.MemoryMb, memory, count))
            {
                break;
            }

            victims.Add(idle);
            memory -= idle.MemoryMb;
            count--;
        }

        return Fits(head.MemoryMb, memory, count) ? victims : [];
    }

    /// <summary>The eviction was accepted: the model's room frees once it reports its process gone.</summary>
    public void MarkLeaving(string modelId) => Update(modelId, h => h with { Leaving = true });

    /// <summary>The eviction was refused (a chat arrived first): treat it as busy until it reports otherwise.</summary>
    public void MarkBusy(string modelId) => Update(modelId, h => h with { Busy = true });

    /// <summary>Waiters whose deadline passed, removed from the queue.</summary>
    public IReadOnlyList<Waiter> TakeExpired(DateTimeOffset now)
    {
        var expired = _queue.Where(w => w.Deadline <= now).ToList();
        _queue.RemoveAll(w => w.Deadline <= now);
        return expired;
    }

    /// <summary>Why the head cannot start now, for the queued model's view.</summary>
    public string WaitReason(Waiter waiter)
    {
        var parts = new List<string>();
        if (memoryBudgetMb > 0 && MemoryInUseMb + waiter.MemoryMb > memoryBudgetMb)
        {
            parts.Add($"needs {waiter.MemoryMb} MB, {memoryBudgetMb - MemoryInUseMb} of {memoryBudgetMb} MB free");
        }

        if (maxRunningModels > 0 && Running >= maxRunningModels)
        {
            parts.Add($"{Running} of {maxRunningModels} models running");
        }

        var leaving = _holdings.Values.Where(h => h.Leaving).Select(h => h.ModelId).ToList();
        var busy = _holdings.Values.Where(h => h.Busy && !h.Leaving).Select(h => h.ModelId).ToList();
        if (leaving.Count > 0)
        {
            parts.Add("waiting for " + string.Join(", ", leaving) + " to stop");
        }

        if (busy.Count > 0)
        {
            parts.Add("busy with chats: " + string.Join(", ", busy));
        }

        var ahead = _queue.IndexOf(waiter);
        if (ahead > 0)
        {
            parts.Add($"{ahead} start(s) ahead");
        }

        return parts.Count == 0 ? "waiting for room" : string.Join("; ", parts);
    }

    private bool Fits(int memoryMb, int memoryInUse, int running) =>
        (memoryBudgetMb == 0 || memoryInUse + memoryMb <= memoryBudgetMb) && (maxRunningModels == 0 || running < maxRunningModels);

    private void Update(string modelId, Func<Holding, Holding> change)
    {
        if (_holdings.TryGetValue(modelId, out var holding))
        {
            _holdings[modelId] = change(holding);
        }
    }
}

/// <summary>A model holding room: its process runs, is starting, or is stopping.</summary>
internal sealed record Holding(string ModelId, long Ticket, int MemoryMb, string? Group, bool Busy, long UseSequence, DateTimeOffset LastUsed, bool Leaving);

/// <summary>A start waiting in the queue.</summary>
internal sealed record Waiter(string ModelId, long Ticket, int MemoryMb, string? Group, long UseSequence, DateTimeOffset Since, DateTimeOffset Deadline);
