using Orchestrator.Grains.Actors;

namespace Orchestrator.Grains.Tests.Actors;

public sealed class MailboxTests
{
    [Fact]
    public async Task Run_ManyConcurrentPosters_HandlesEveryMessageOnceAndOneAtATime()
    {
        var mailbox = new Mailbox<(int Poster, int Index)>();
        var seen = new List<(int Poster, int Index)>(); // touched only by the handler: proves one-at-a-time
        var inside = 0;
        var overlaps = 0;
        var loop = mailbox.RunAsync(
            async m =>
            {
                if (Interlocked.Increment(ref inside) > 1)
                {
                    Interlocked.Increment(ref overlaps);
                }

                if (m.Index % 7 == 0)
                {
                    await Task.Yield();
                }

                seen.Add(m);
                Interlocked.Decrement(ref inside);
            },
            (_, _) => { });

        await Task.WhenAll(Enumerable.Range(0, 32).Select(poster => Task.Run(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                if (i % 10 == 0)
                {
                    mailbox.PostPriority((poster, i));
                }
                else
                {
                    mailbox.Post((poster, i));
                }
            }
        })));
        mailbox.Complete();
        await loop;

        Assert.Equal(0, overlaps);
        Assert.Equal(32 * 1000, seen.Count);
        Assert.Equal(32 * 1000, seen.Distinct().Count());
        foreach (var poster in seen.GroupBy(m => m.Poster))
        {
            // Within a lane, one poster's messages keep their order.
            var normal = poster.Where(m => m.Index % 10 != 0).Select(m => m.Index).ToList();
            Assert.Equal(normal.Order(), normal);
        }
    }

    [Fact]
    public async Task Run_PriorityMessage_OvertakesQueuedWork()
    {
        var mailbox = new Mailbox<string>();
        var gate = new TaskCompletionSource();
        var order = new List<string>();
        mailbox.Post("first");
        mailbox.Post("queued-1");
        mailbox.Post("queued-2");
        var loop = mailbox.RunAsync(
            async m =>
            {
                if (m == "first")
                {
                    await gate.Task; // hold the loop while the priority message arrives
                }

                order.Add(m);
            },
            (_, _) => { });

        mailbox.PostPriority("stop");
        gate.SetResult();
        mailbox.Complete();
        await loop;

        Assert.Equal(["first", "stop", "queued-1", "queued-2"], order);
    }

    [Fact]
    public async Task Run_FailingHandler_ReportsAndKeepsGoing()
    {
        var mailbox = new Mailbox<int>();
        var failures = new List<int>();
        var handled = new List<int>();
        var loop = mailbox.RunAsync(
            m => m == 2 ? throw new InvalidOperationException("boom") : Record(handled, m),
            (m, _) => failures.Add(m));

        mailbox.Post(1);
        mailbox.Post(2);
        mailbox.Post(3);
        mailbox.Complete();
        await loop;

        Assert.Equal([1, 3], handled);
        Assert.Equal([2], failures);
    }

    private static ValueTask Record(List<int> list, int value)
    {
        list.Add(value);
        return ValueTask.CompletedTask;
    }
}
