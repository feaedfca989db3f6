using System.CommandLine;
using System.CommandLine.Parsing;

namespace Orchestrator.Cli.Usage;

/// <summary>
/// A wrong command line in words a user can act on: the command or option that was not known with the closest one
/// ("unknown command 'modles'; did you mean 'models'?"), what a value should have been, what is missing. System.CommandLine's
/// own errors stay where they already say that (validators); its "Required command was not provided." beside an unknown
/// command is dropped, because a command was typed, just not a known one.
/// </summary>
internal static class UsageErrors
{
    public static IReadOnlyList<string> Describe(ParseResult parseResult)
    {
        var command = parseResult.CommandResult.Command;
        var unmatched = parseResult.UnmatchedTokens;
        if (NeedsSubcommand(command))
        {
            // The first word that is no option is the command the user meant; the rest of the line is its own.
            var typed = unmatched.FirstOrDefault(token => !IsOption(token));
            return [typed is null ? MissingCommand(command) : UnknownCommand(command, typed)];
        }

        var messages = unmatched.Select(token => IsOption(token) ? UnknownOption(parseResult.CommandResult, token) : $"unexpected argument '{token}'").ToList();
        messages.AddRange(parseResult.Errors.Where(error => !IsUnmatchedToken(error, unmatched)).Select(Describe));
        return messages;
    }

    private static string Describe(ParseError error) => error.SymbolResult switch
    {
        // Nothing given where a value is needed; an error about a given value (a validator's, a number's) says it already.
        OptionResult { Tokens.Count: 0 } option => $"{option.IdentifierToken?.Value ?? option.Option.Name} needs a value: {option.Option.Description}",
        ArgumentResult { Tokens.Count: 0, Parent: CommandResult command } argument =>
            $"'{Path(command.Command)}' needs <{argument.Argument.Name}>: {argument.Argument.Description}",
        _ => error.Message,
    };

    private static string UnknownCommand(Command command, string typed)
    {
        var names = command.Subcommands.Where(c => !c.Hidden).SelectMany(c => c.Aliases.Prepend(c.Name));
        var suggestion = Suggestions.Phrase(Suggestions.For(typed, names));
        return $"unknown command '{typed}'; {suggestion ?? $"the commands are {CommandList(command)}."}";
    }

    private static string MissingCommand(Command command) => $"'{Path(command)}' needs a command: {CommandList(command)}.";

    private static string UnknownOption(CommandResult commandResult, string typed)
    {
        var suggestion = Suggestions.Phrase(Suggestions.For(typed, OptionNames(commandResult)));
        return suggestion is null ? $"unknown option '{typed}'" : $"unknown option '{typed}'; {suggestion}";
    }

    /// <summary>The options valid where the parse ended: the command's own and the recursive ones of the commands above it.</summary>
    private static IEnumerable<string> OptionNames(CommandResult commandResult)
    {
        for (SymbolResult? result = commandResult; result is CommandResult current; result = current.Parent)
        {
            foreach (var option in current.Command.Options.Where(o => !o.Hidden && (o.Recursive || ReferenceEquals(current, commandResult))))
            {
                foreach (var name in option.Aliases.Prepend(option.Name).Where(IsOption))
                {
                    yield return name;
                }
            }
        }
    }

    private static bool NeedsSubcommand(Command command) => command.Subcommands.Count > 0 && command.Action is null;

    /// <summary>System.CommandLine's "Unrecognized command or argument 'x'.", which the messages above replace.</summary>
    private static bool IsUnmatchedToken(ParseError error, IReadOnlyList<string> unmatched) =>
        error.SymbolResult is CommandResult && unmatched.Any(token => error.Message.Contains($"'{token}'", StringComparison.Ordinal));

    private static bool IsOption(string token) => token.Length > 1 && token[0] == '-';

    private static string CommandList(Command command) => string.Join(", ", command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name));

    /// <summary>"orch logs": the command as typed from the root, whose name is the executable's.</summary>
    private static string Path(Command command) =>
        command.Parents.OfType<Command>().FirstOrDefault() is { } parent ? $"{Path(parent)} {command.Name}" : "orch";
}
