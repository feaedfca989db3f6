using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Grains.Interfaces;
using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.Grains.Models;

namespace Orchestrator.Bench.Micro;

/// <summary>
/// M1: one status round trip through a model grain's mailbox (post, one turn of the loop, reply), against the least an
/// actor can do: a bare channel read by one loop that completes a TaskCompletionSource.
/// </summary>
#pragma warning disable CA1001 // BenchmarkDotNet owns the lifetime: GlobalCleanup disposes the directory.
public class MailboxBenchmarks
#pragma warning restore CA1001
{
    private readonly Channel<TaskCompletionSource<int>> _bare = Channel.CreateUnbounded<TaskCompletionSource<int>>(new UnboundedChannelOptions { SingleReader = true });
    private ModelDirectory? _directory;
    private IModelGrain? _grain;
    private Task? _bareLoop;

    [GlobalSetup]
    public void Setup()
    {
        var id = new ModelId("bench/mailbox:none");
        var model = new ModelDefinition(id, "bench", "bench", "mailbox", "1", "none", "/nonexistent.gguf", [], null,
            new Dictionary<string, string>(), new Dictionary<string, System.Text.Json.JsonElement>());
        _directory = new ModelDirectory([model], new ModelGrainOptions(), TimeProvider.System, NullLoggerFactory.Instance);
        _grain = _directory.GetGrain(id);
        _bareLoop = Task.Run(async () =>
        {
            await foreach (var reply in _bare.Reader.ReadAllAsync())
            {
                reply.TrySetResult(1);
            }
        });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _bare.Writer.TryComplete();
        _bareLoop?.GetAwaiter().GetResult();
        _directory?.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, Description = "bare channel + TaskCompletionSource")]
    public Task<int> BareChannel()
    {
        var reply = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        _bare.Writer.TryWrite(reply);
        return reply.Task;
    }

    [Benchmark(Description = "ModelGrain.GetStateAsync")]
    public Task<ModelState> GrainStatus() => _grain!.GetStateAsync();
}
