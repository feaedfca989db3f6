namespace FakeLlamaServer.CommandLine;

/// <summary>One accepted option: its spellings, value hint, help text, environment variable and effect.</summary>
internal sealed record OptionSpec(
    IReadOnlyList<string> Names,
    IReadOnlyList<string> NegativeNames,
    OptionKind Kind,
    string? ValueHint,
    string Help,
    string? Env,
    Action<ServerOptions, string, bool> Apply)
{
    /// <summary>The usage line llama.cpp prints under an argument error (common_arg::to_string).</summary>
    public string ToUsage()
    {
        const int LeadingSpaces = 40;
        var all = Names.Concat(NegativeNames).ToList();
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < all.Count; i++)
        {
            if (i == 0)
            {
                if (all.Count == 1)
                {
                    text.Append(all[0]);
                }
                else
                {
                    // The first spelling is usually the short one: padded so the long ones line up.
                    var first = all[0] + ", ";
                    text.Append(first).Append(' ', Math.Max(0, 7 - first.Length));
                }
            }
            else
            {
                text.Append(all[i]).Append(i < all.Count - 1 ? ", " : "");
            }
        }

        if (ValueHint is not null)
        {
            text.Append(' ').Append(ValueHint);
        }

        if (text.Length > LeadingSpaces - 3)
        {
            text.Append('\n').Append(' ', LeadingSpaces);
        }
        else
        {
            text.Append(' ', LeadingSpaces - text.Length);
        }

        return text.Append(Help).Append('\n').ToString();
    }
}
