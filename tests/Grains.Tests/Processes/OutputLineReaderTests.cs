using System.Text;
using Orchestrator.Grains.Processes;

namespace Orchestrator.Grains.Tests.Processes;

public sealed class OutputLineReaderTests
{
    [Fact]
    public async Task ReadLines_SplitsOnLfAndCrLf_KeepsAPartialLastLine()
    {
        var lines = await ReadAsync("one\ntwo\r\n\nthree", maxLength: 100);

        Assert.Equal(["one", "two", "", "three"], lines);
    }

    [Fact]
    public async Task ReadLines_LongLine_IsCutAndTheNextLineSurvives()
    {
        var lines = await ReadAsync(new string('x', 50) + "\nnext\n", maxLength: 10);

        Assert.Equal([new string('x', 10) + OutputLineReader.CutMarker, "next"], lines);
    }

    [Fact]
    public async Task ReadLines_MultiByteCharacterSplitAcrossReads_IsDecodedWhole()
    {
        var bytes = Encoding.UTF8.GetBytes("héllo ✓\n");
        using var pipe = new OneByteAtATimeStream(bytes);
        var lines = new List<string>();

        await OutputLineReader.ReadLinesAsync(pipe, 100, lines.Add);

        Assert.Equal(["héllo ✓"], lines);
    }

    private static async Task<List<string>> ReadAsync(string text, int maxLength)
    {
        using var pipe = new MemoryStream(Encoding.UTF8.GetBytes(text));
        var lines = new List<string>();
        await OutputLineReader.ReadLinesAsync(pipe, maxLength, lines.Add);
        return lines;
    }

    private sealed class OneByteAtATimeStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(1, buffer.Length)], cancellationToken);
    }
}
