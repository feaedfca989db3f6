using System.Text;

namespace Orchestrator.Cli.Tests.Support;

/// <summary>A thread-safe in-memory writer whose text can be awaited (a command running in the background writes it).</summary>
internal sealed class ObservableWriter : TextWriter
{
    private readonly StringBuilder _text = new();
    private readonly Lock _gate = new();
    private TaskCompletionSource _written = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Called after each write with the text written so far (for example to press Ctrl+C at a given point).</summary>
    public Action<string>? OnWrite { get; set; }

    public override Encoding Encoding => Encoding.UTF8;

    public string Text
    {
        get
        {
            lock (_gate)
            {
                return _text.ToString();
            }
        }
    }

    public override void Write(char value) => Append(value.ToString());

    public override void Write(string? value) => Append(value ?? string.Empty);

    public override void Write(char[] buffer, int index, int count) => Append(new string(buffer, index, count));

    /// <summary>Waits until the text contains <paramref name="expected"/>; fails the test at the deadline.</summary>
    public async Task WaitForAsync(string expected, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            Task written;
            lock (_gate)
            {
                if (_text.ToString().Contains(expected, StringComparison.Ordinal))
                {
                    return;
                }

                written = _written.Task;
            }

            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                Assert.Fail($"no \"{expected}\" in the output after {timeout ?? TimeSpan.FromSeconds(30)}:\n{Text}");
            }

            await written.WaitAsync(remaining).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private void Append(string value)
    {
        TaskCompletionSource signal;
        string text;
        lock (_gate)
        {
            _text.Append(value);
            text = _text.ToString();
            signal = _written;
            _written = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        signal.TrySetResult();
        OnWrite?.Invoke(text);
    }
}
