using Orchestrator.Grains.Budget;

namespace Orchestrator.Grains.Tests.Policies;

/// <summary>The budget's books without Orleans: what fits, whom to evict, in which order, and when not to evict at all.</summary>
public sealed class RoomLedgerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void HeadThatFits_IsGranted_InOrder_AndALaterOneDoesNotJumpTheQueue()
    {
        var ledger = new RoomLedger(memoryBudgetMb: 300, maxRunningModels: 0);
        ledger.Enqueue(Wait("a", 200));
        ledger.Enqueue(Wait("b", 200));
        ledger.Enqueue(Wait("c", 100));

        Assert.Equal("a", ledger.GrantHead(T0)?.ModelId);
        Assert.Null(ledger.GrantHead(T0)); // b does not fit; c would, but waits behind b
        Assert.Equal(["b", "c"], ledger.Queue.Select(w => w.ModelId));
        Assert.Equal(200, ledger.MemoryInUseMb);
    }

    [Fact]
    public void Victims_AreIdle_LeastRecentlyUsedFirst_JustEnough()
    {
        var ledger = Holding(400, ("old", 100, T0), ("newer", 100, T0.AddSeconds(1)), ("newest", 100, T0.AddSeconds(2)), ("busy", 100, T0.AddSeconds(-5)));
        ledger.ReportUse("busy", 10, busy: true, T0);
        ledger.Enqueue(Wait("big", 200));

        Assert.Equal(["old", "newer"], ledger.VictimsForHead().Select(h => h.ModelId));
    }

    [Fact]
    public void ModelsAlreadyLeaving_CountAsRoomToCome_SoNothingMoreIsEvicted()
    {
        var ledger = Holding(200, ("a", 100, T0), ("b", 100, T0.AddSeconds(1)));
        ledger.Enqueue(Wait("c", 100));
        ledger.MarkLeaving("a");

        Assert.Empty(ledger.VictimsForHead());
        Assert.Null(ledger.GrantHead(T0)); // a still holds its room until it reports its process gone
        Assert.True(ledger.Release("a", 1));
        Assert.Equal("c", ledger.GrantHead(T0)?.ModelId);
    }

    [Fact]
    public void WhenEvenEveryIdleModelWouldNotMakeRoom_NobodyIsEvicted()
    {
        var ledger = Holding(300, ("idle", 100, T0), ("busy", 200, T0));
        ledger.ReportUse("busy", 10, busy: true, T0);
        ledger.Enqueue(Wait("big", 250));

        Assert.Empty(ledger.VictimsForHead());
        Assert.Contains("busy with chats: busy", ledger.WaitReason(ledger.Queue[0]), StringComparison.Ordinal);
    }

    [Fact]
    public void UseReports_OlderThanTheLastOne_AreIgnored()
    {
        var ledger = Holding(100, ("a", 100, T0));
        Assert.True(ledger.ReportUse("a", 5, busy: true, T0));

        Assert.False(ledger.ReportUse("a", 4, busy: false, T0.AddSeconds(1)));
        ledger.Enqueue(Wait("b", 100));
        Assert.Empty(ledger.VictimsForHead()); // still busy
    }

    [Fact]
    public void StaleTickets_ReleaseAndCancelNothing()
    {
        var ledger = Holding(100, ("a", 100, T0));
        ledger.Enqueue(Wait("b", 100, ticket: 7));

        Assert.False(ledger.Release("a", ticket: 0));
        Assert.False(ledger.Cancel("b", ticket: 6));
        Assert.Equal(100, ledger.MemoryInUseMb);
        Assert.Single(ledger.Queue);
    }

    [Fact]
    public void Cancel_OfARequestGrantedMeanwhile_FreesItsRoom()
    {
        var ledger = new RoomLedger(memoryBudgetMb: 100, maxRunningModels: 0);
        ledger.Enqueue(Wait("a", 100, ticket: 3));
        ledger.GrantHead(T0); // the grant is on its way to a model that has just withdrawn its request

        Assert.True(ledger.Cancel("a", ticket: 3));
        Assert.Equal(0, ledger.MemoryInUseMb);
    }

    [Fact]
    public void CountLimit_EvictsOneForOne()
    {
        var ledger = new RoomLedger(memoryBudgetMb: 0, maxRunningModels: 2);
        foreach (var id in new[] { "a", "b" })
        {
            ledger.Enqueue(Wait(id, 0));
            ledger.GrantHead(T0);
        }

        ledger.Enqueue(Wait("c", 0));

        Assert.Equal(["a"], ledger.VictimsForHead().Select(h => h.ModelId));
        Assert.Contains("2 of 2 models running", ledger.WaitReason(ledger.Queue[0]), StringComparison.Ordinal);
    }

    private static Waiter Wait(string id, int memoryMb, long ticket = 1) => new(id, ticket, memoryMb, null, 0, T0, T0.AddMinutes(10));

    /// <summary>A ledger whose models hold room, each last used at the time given.</summary>
    private static RoomLedger Holding(int budgetMb, params (string Id, int MemoryMb, DateTimeOffset LastUsed)[] models)
    {
        var ledger = new RoomLedger(budgetMb, 0);
        foreach (var (id, memory, lastUsed) in models)
        {
            ledger.Enqueue(Wait(id, memory));
            Assert.Equal(id, ledger.GrantHead(T0)?.ModelId);
            ledger.ReportUse(id, 1, busy: false, lastUsed);
        }

        return ledger;
    }
}
