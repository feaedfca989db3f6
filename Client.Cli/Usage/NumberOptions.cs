using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Orchestrator.Cli.Usage;

/// <summary>
/// Options whose value is a number. A value that is not one gets an error that says in words what was wanted
/// ("--tail wants a whole number of 0 or more, not 'many'"): System.CommandLine's own names the .NET type
/// (System.Nullable`1[System.Int32]), which tells a user nothing.
/// </summary>
internal static class NumberOptions
{
    /// <summary>A whole number of at least <paramref name="minimum"/>, <paramref name="defaultValue"/> when the option is left out.</summary>
    public static Option<int> WholeNumber(string name, string description, int minimum, int defaultValue, params string[] aliases) =>
        WholeNumber(name, description, minimum, int.MaxValue, defaultValue, aliases);

    /// <summary>A whole number from <paramref name="minimum"/> to <paramref name="maximum"/>, <paramref name="defaultValue"/> when left out.</summary>
    public static Option<int> WholeNumber(string name, string description, int minimum, int maximum, int defaultValue, params string[] aliases) => new(name, aliases)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result => ParseWhole(result, name, minimum, maximum) ?? defaultValue,
    };

    /// <summary>A whole number of at least <paramref name="minimum"/>, or null when the option is left out.</summary>
    public static Option<int?> OptionalWholeNumber(string name, string description, int minimum) => new(name)
    {
        Description = description,
        CustomParser = result => ParseWhole(result, name, minimum, int.MaxValue),
    };

    /// <summary>A number of at least <paramref name="minimum"/> (a decimal point allowed), or null when the option is left out.</summary>
    public static Option<double?> OptionalNumber(string name, string description, double minimum, string example) => new(name)
    {
        Description = description,
        CustomParser = result => ParseNumber(result, name, minimum, example),
    };

    private static int? ParseWhole(ArgumentResult result, string name, int minimum, int maximum)
    {
        var text = Token(result);
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= minimum && value <= maximum)
        {
            return value;
        }

        var range = maximum == int.MaxValue ? $"of {minimum} or more" : $"from {minimum} to {maximum}";
        result.AddError($"{Spelling(result, name)} wants a whole number {range}, not '{text}'.");
        return null;
    }

    private static double? ParseNumber(ArgumentResult result, string name, double minimum, string example)
    {
        var text = Token(result);
        // Invariant culture: "0.7" means the same on every machine, whatever its locale writes for a decimal point.
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value >= minimum)
        {
            return value;
        }

        result.AddError($"{Spelling(result, name)} wants a number of {minimum.ToString(CultureInfo.InvariantCulture)} or more such as {example}, not '{text}'.");
        return null;
    }

    // The parser runs only when the option was given, with its one value (the arity is exactly one).
    private static string Token(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;

    /// <summary>The option as the user wrote it (<c>-n</c> or <c>--tail</c>), so the error points at what they typed.</summary>
    private static string Spelling(ArgumentResult result, string name) =>
        (result.Parent as OptionResult)?.IdentifierToken?.Value ?? name;
}
