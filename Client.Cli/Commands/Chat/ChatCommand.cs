using System.CommandLine;
using System.Text.Json;
using Orchestrator.Cli.Output;
using Orchestrator.Cli.Usage;
using Orchestrator.Grains.Interfaces.Errors;
using Orchestrator.Grains.Interfaces.Models;
using Spectre.Console;

namespace Orchestrator.Cli.Commands.Chat;

/// <summary>
/// <c>orch chat &lt;id&gt; [prompt]</c>: prints the answer as it arrives. Without a prompt, a session that keeps the
/// conversation, reading one question per line until an empty line or end of input. Ctrl+C stops the answer (the model's slot
/// is freed at once); a closing line on stderr gives the completion tokens and tokens/s.
/// </summary>
internal static class ChatCommand
{
    public static readonly Argument<string> Id = new("id") { Description = "The model's full_identifier (see orch models)." };

    public static readonly Argument<string[]> Prompt = new("prompt")
    {
        Description = "The question (words are joined with spaces). Without it, an interactive session reads questions from the input.",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public static readonly Option<int?> MaxTokens = NumberOptions.OptionalWholeNumber("--max-tokens", "The most tokens an answer may have (max_tokens).", minimum: 0);

    public static readonly Option<double?> Temperature = NumberOptions.OptionalNumber("--temperature", "Sampling temperature (temperature).", minimum: 0, example: "0.7");

    public static readonly Option<string?> SystemMessage = new("--system") { Description = "A system message that opens the conversation." };

    public static readonly Command Command = Create();

    private static Command Create()
    {
        var command = new Command("chat", "Chat with a running model: one question, or an interactive session.")
        {
            Id, Prompt, MaxTokens, Temperature, SystemMessage,
        };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var cli = new CliContext(parseResult);
        var id = parseResult.GetRequiredValue(Id);
        var prompt = string.Join(' ', parseResult.GetValue(Prompt) ?? []);
        await using var client = await cli.ConnectAsync(cancellationToken);
        var session = new ChatSession(client, id, Options(parseResult), parseResult.GetValue(SystemMessage));
        if (prompt.Length > 0)
        {
            return await AnswerAsync(cli, session, id, prompt, cancellationToken);
        }

        // Say so before the first question is typed, not after (a model with autostart starts on the first question).
        var model = await client.GetAsync(id, cancellationToken);
        if (model.Status != ModelStatus.Running && !model.Autostart)
        {
            throw new ModelNotRunningException(id, model.Status, model.Reason);
        }

        cli.Note($"[grey]Chatting with {Markup.Escape(id)}. An empty line or end of input (Ctrl+D) ends the session; Ctrl+C stops an answer.[/]");
        while (true)
        {
            if (!cli.Json)
            {
                cli.Out.Markup("[bold blue]>>> [/]");
            }

            string? line;
            try
            {
                // Console input has no cancellable read: the read runs aside and Ctrl+C stops waiting for it.
                line = await Task.Run(cli.In.ReadLine, cancellationToken).WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                line = null;
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                if (!cli.Json)
                {
                    cli.Out.WriteLine();
                }

                return ExitCodes.Success;
            }

            var code = await AnswerAsync(cli, session, id, line, cancellationToken);
            if (code is not (ExitCodes.Success or ExitCodes.Interrupted))
            {
                return code;
            }
        }
    }

    private static async Task<int> AnswerAsync(CliContext cli, ChatSession session, string id, string prompt, CancellationToken cancellationToken)
    {
        var writer = cli.Out.Profile.Out.Writer;
        var endsWithNewLine = true;
        using var answer = cli.Interrupts.BeginAnswer(cancellationToken);
        ChatAnswer result;
        try
        {
            result = await session.AskAsync(prompt, delta => Print(delta), answer.Token);
        }
        catch (OperationCanceledException) when (answer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            EndLine();
            cli.Note("[yellow]cancelled[/]");
            return ExitCodes.Interrupted;
        }

        EndLine();
        if (result.Error is { } error)
        {
            cli.Note($"[red]orch:[/] the answer ended with {Markup.Escape(error.Type)}: {Markup.Escape(error.Detail)}");
            return ExitCodes.Failure;
        }

        if (cli.Json)
        {
            var done = result.Done!;
            cli.WriteJson(new ChatResult(id, result.Content, done.FinishReason, done.Usage, done.Timings, result.TokensPerSecond), CliJsonContext.Default.ChatResult, indented: false);
        }
        else
        {
            var speed = result.TokensPerSecond is { } tps ? $", {tps:F1} tokens/s" : string.Empty;
            cli.Note($"[grey]{result.CompletionTokens} tokens{speed} ({Markup.Escape(result.Done!.FinishReason ?? "done")})[/]");
        }

        return ExitCodes.Success;

        // Raw writes: the answer's text is not markup, and must not be re-wrapped at the console width.
        void Print(string text)
        {
            if (!cli.Json && text.Length > 0)
            {
                writer.Write(text);
                writer.Flush();
                endsWithNewLine = text.EndsWith('\n');
            }
        }

        void EndLine()
        {
            if (!cli.Json && !endsWithNewLine)
            {
                writer.WriteLine();
                writer.Flush();
                endsWithNewLine = true;
            }
        }
    }

    private static Dictionary<string, JsonElement> Options(ParseResult parseResult)
    {
        var options = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (parseResult.GetValue(MaxTokens) is { } maxTokens)
        {
            options["max_tokens"] = JsonSerializer.SerializeToElement(maxTokens, CliJsonContext.Default.Int32);
        }

        if (parseResult.GetValue(Temperature) is { } temperature)
        {
            options["temperature"] = JsonSerializer.SerializeToElement(temperature, CliJsonContext.Default.Double);
        }

        return options;
    }
}
