using System.Threading.Channels;

namespace FakeLlamaServer.Generation;

/// <summary>
/// llama-server's slots (-np): at most N completions run at once; the rest wait in arrival order, as its task
/// queue defers them. A free slot id is a message in a channel: taking one is a receive, freeing it a send.
/// </summary>
internal sealed class SlotPool
{
    private readonly Channel<int> _free = Channel.CreateUnbounded<int>();
    private int _busy;

    public SlotPool(int count)
    {
        for (var id = 0; id < count; id++)
        {
            _free.Writer.TryWrite(id);
        }
    }

    public async ValueTask<int> AcquireAsync(CancellationToken cancellationToken)
    {
        var id = await _free.Reader.ReadAsync(cancellationToken);
        Interlocked.Increment(ref _busy);
        return id;
    }

    /// <summary>Frees <paramref name="id"/>; true when no slot is busy any more ("all slots are idle").</summary>
    public bool Release(int id)
    {
        _free.Writer.TryWrite(id);
        return Interlocked.Decrement(ref _busy) == 0;
    }
}
