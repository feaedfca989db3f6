using Orchestrator.Grains.Interfaces.Chat;
using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.Grains.Models;

namespace Orchestrator.Grains.Tests.Policies;

/// <summary>Shorthands for the policy tests: a model's policy, a budget, a chat read to its end.</summary>
internal static class PolicyTestKit
{
    public static readonly ChatRequest Hello = new([new ChatMessage("user", "Hello")]);

    public static ModelPolicy Needs(int memoryMb) => ModelPolicy.None with { MemoryMb = memoryMb };

    public static Action<ModelGrainOptions> BudgetOf(int memoryMb, int maxRunning = 0, TimeSpan? queueTimeout = null) => o =>
    {
        o.MemoryBudgetMb = memoryMb;
        o.MaxRunningModels = maxRunning;
        o.StartQueueTimeout = queueTimeout ?? o.StartQueueTimeout;
    };

    public static async Task<List<ChatEvent>> ReadAllAsync(IAsyncEnumerable<ChatEvent> chat)
    {
        var events = new List<ChatEvent>();
        await foreach (var chatEvent in chat)
        {
            events.Add(chatEvent);
        }

        return events;
    }

    /// <summary>Reads the first token (the chat is then surely in flight) and returns the enumerator to finish with.</summary>
    public static async Task<IAsyncEnumerator<ChatEvent>> FirstTokenAsync(IAsyncEnumerable<ChatEvent> chat)
    {
        var events = chat.GetAsyncEnumerator();
        Assert.True(await events.MoveNextAsync());
        Assert.IsType<ChatDelta>(events.Current);
        return events;
    }

    /// <summary>Reads the rest of a chat; returns the terminal event.</summary>
    public static async Task<ChatEvent> FinishAsync(IAsyncEnumerator<ChatEvent> events)
    {
        ChatEvent last = events.Current;
        while (await events.MoveNextAsync())
        {
            last = events.Current;
        }

        await events.DisposeAsync();
        return last;
    }
}
