using System.Text;
using Orchestrator.Grains.Processes;

namespace Orchestrator.Grains.Tests.Processes;

public sealed class OutputLineReaderTests
{
    [Fact]
    public void ReadLines_SplitsOnLfAndCrLf_KeepsAPartialLastLine()
    {
        var lines = Read("one\ntwo\r\n\nthree", maxLength: 100);

        Assert.Equal(["one", "two", "", "three"], lines);
    }

    [Fact]
    public void ReadLines_LongLine_IsCutAndTheNextLineSurvives()
    {
        var lines = Read(new string('x', 50) + "\nnext\n", maxLength: 10);

        Assert.Equal([new string('x', 10) + OutputLineReader.CutMarker, "next"], lines);
    }

    [Fact]
    public void ReadLines_MultiByteCharacterSplitAcrossReads_IsDecodedWhole()
    {
        var bytes = Encoding.UTF8.GetBytes("héllo ✓\n");
        using var pipe = new OneByteAtATimeStream(bytes);
        var lines = new List<string>();

        OutputLineReader.ReadLines(pipe, 100, lines.Add);

        Assert.Equal(["héllo ✓"], lines);
    }

    private static List<string> Read(string text, int maxLength)
    {
        using var pipe = new MemoryStream(Encoding.UTF8.GetBytes(text));
        var lines = new List<string>();
        OutputLineReader.ReadLines(pipe, maxLength, lines.Add);
        return lines;
    }

    private sealed class OneByteAtATimeStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(1, buffer.Length)]);
    }
}
