using System.CommandLine;
using Orchestrator.Cli.Tests.Support;

namespace Orchestrator.Cli.Tests;

/// <summary>A wrong command line says what was not understood and what was meant, in words, with exit code 2.</summary>
public sealed class UsageErrorTests
{
    [Theory]
    [InlineData("unknown command 'modles'; did you mean 'models'?", "modles")]
    [InlineData("unknown command 'stat'; did you mean 'start' or 'status'?", "stat", "x")]
    [InlineData("unknown command 'evnets'; did you mean 'events'?", "evnets", "--json")]
    [InlineData("unknown command 'xyz'; the commands are models, status, ps, start, stop, chat, logs, events, dashboard, doctor.", "xyz")]
    [InlineData("unknown option '--jsn'; did you mean '--json'?", "models", "--jsn")]
    [InlineData("unknown option '--jsn'; did you mean '--json'?", "--jsn", "models")]
    [InlineData("unknown option '--folow'; did you mean '--follow'?", "logs", "m", "--folow")]
    [InlineData("unexpected argument 'b'", "stop", "a", "b")]
    [InlineData("'orch' needs a command: models, status, ps, start, stop, chat, logs, events, dashboard, doctor.", new string[0])]
    [InlineData("'orch status' needs <id>: The model's full_identifier (see orch models).", "status")]
    [InlineData("-n needs a value: How many of the last lines to show.", "logs", "m", "-n")]
    public async Task Mistake_SaysWhatWasNotUnderstood(string expected, params string[] args)
    {
        using var cli = new CliHarness();

        var code = await cli.RunAsync(args);

        Assert.Equal(2, code);
        Assert.Contains($"orch: {expected}", cli.Stderr.Text, StringComparison.Ordinal);
        // A command was typed, just not a known one: System.CommandLine's line about a missing one would mislead.
        Assert.DoesNotContain("Required command was not provided", cli.Stderr.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Unrecognized command or argument", cli.Stderr.Text, StringComparison.Ordinal);
        Assert.Empty(cli.Stdout.Text);
    }

    [Theory]
    [InlineData("--max-tokens wants a whole number of 0 or more, not 'lots'.", "chat", "m", "hi", "--max-tokens", "lots")]
    [InlineData("--max-tokens wants a whole number of 0 or more, not '-3'.", "chat", "m", "hi", "--max-tokens", "-3")]
    [InlineData("--max-tokens wants a whole number of 0 or more, not '2.5'.", "chat", "m", "--max-tokens=2.5", "hi")]
    [InlineData("--temperature wants a number of 0 or more such as 0.7, not 'warm'.", "chat", "m", "hi", "--temperature", "warm")]
    [InlineData("--temperature wants a number of 0 or more such as 0.7, not '0,7'.", "chat", "m", "hi", "--temperature", "0,7")]
    [InlineData("--tail wants a whole number of 0 or more, not 'many'.", "logs", "m", "--tail", "many")]
    [InlineData("-n wants a whole number of 0 or more, not '-1'.", "logs", "m", "-n", "-1")]
    public async Task BadNumber_SaysWhatWasWantedInWords(string expected, params string[] args)
    {
        using var cli = new CliHarness();

        var code = await cli.RunAsync(args);

        Assert.Equal(2, code);
        Assert.Contains($"orch: {expected}", cli.Stderr.Text, StringComparison.Ordinal);
    }

    /// <summary>Every option of every command whose value is not text: a word where a number goes is explained in words.</summary>
    [Fact]
    public async Task EveryTypedOption_NotANumber_SaysWhatItWantsWithoutATypeName()
    {
        var typed = Commands(OrchCli.Root)
            .SelectMany(command => command.Options.Select(option => (Command: command, Option: option)))
            .Where(c => c.Option.ValueType != typeof(string) && c.Option.ValueType != typeof(bool) && c.Option.ValueType != typeof(void))
            .ToList();
        Assert.NotEmpty(typed);

        foreach (var (command, option) in typed)
        {
            using var cli = new CliHarness();
            // The command's required arguments, then the option with a word for a value.
            string[] args = [.. Path(command), .. command.Arguments.Where(a => a.Arity.MinimumNumberOfValues > 0).Select(_ => "x"), option.Name, "lots"];

            var code = await cli.RunAsync(args);

            var said = cli.Stderr.Text;
            Assert.True(code == 2, $"orch {string.Join(' ', args)} exited {code}: {said}");
            Assert.Contains($"orch: {option.Name} wants ", said, StringComparison.Ordinal);
            Assert.Contains("not 'lots'", said, StringComparison.Ordinal);
            Assert.DoesNotContain("System.", said, StringComparison.Ordinal);
        }
    }

    private static IEnumerable<Command> Commands(Command command) => command.Subcommands.SelectMany(Commands).Prepend(command);

    private static string[] Path(Command command) =>
        command.Parents.OfType<Command>().FirstOrDefault() is { } parent ? [.. Path(parent), command.Name] : [];
}
