namespace FakeLlamaServer.CommandLine;

/// <summary>std::stoi's leniency, so "8080x" is 8080 and "x" fails with the same "stoi" message as the real parser.</summary>
internal static class StdStoi
{
    public static int Parse(string text)
    {
        var i = 0;
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        var start = i;
        if (i < text.Length && text[i] is '+' or '-')
        {
            i++;
        }

        var digitsStart = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        if (i == digitsStart || !int.TryParse(text.AsSpan(start, i - start), out var value))
        {
            throw new FormatException("stoi");
        }

        return value;
    }
}
