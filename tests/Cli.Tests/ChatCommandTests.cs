using Orchestrator.Cli.Tests.Support;
using Orchestrator.TestSupport;

namespace Orchestrator.Cli.Tests;

public sealed class ChatCommandTests
{
    private const string Id = "local/tiny:q0";

    [Fact]
    public async Task Chat_Prompt_PrintsTheAnswerThenTokensAndSpeedOnStderr()
    {
        await using var silo = await StartedSiloAsync(new FakeScenario { LoadMs = 0, Tokens = ["Hel", "lo", "!"], TokenCount = 6 });
        using var cli = new CliHarness();

        var code = await cli.RunAsync(Args.For(silo, "chat", Id, "Say", "hello"));

        Assert.Equal(0, code);
        Assert.Equal("Hello!Hello!\n", cli.Stdout.Text);
        Assert.Contains("7 tokens", cli.Stderr.Text, StringComparison.Ordinal);
        Assert.Contains("tokens/s", cli.Stderr.Text, StringComparison.Ordinal);
        Assert.Contains("(stop)", cli.Stderr.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_Json_PrintsOneResultWithUsageAndSpeed()
    {
        await using var silo = await StartedSiloAsync(new FakeScenario { LoadMs = 0, Tokens = ["a", "b"], TokenCount = 10 });
        using var cli = new CliHarness();

        var code = await cli.RunAsync(Args.For(silo, "chat", Id, "Hi", "--max-tokens", "3", "--temperature", "0.2", "--json"));

        Assert.Equal(0, code);
        var result = Assert.Single(cli.JsonLines());
        Assert.Equal(Id, result.GetProperty("id").GetString());
        Assert.Equal("aba", result.GetProperty("content").GetString());
        Assert.Equal("length", result.GetProperty("finishReason").GetString());
        Assert.Equal(3, result.GetProperty("usage").GetProperty("completionTokens").GetInt32());
        Assert.True(result.GetProperty("tokensPerSecond").GetDouble() > 0);
    }

    [Fact]
    public async Task Chat_ModelNotRunning_Exits5()
    {
        await using var silo = await TestSilo.StartAsync((Id, new FakeScenario()));
        using var cli = new CliHarness();

        var code = await cli.RunAsync(Args.For(silo, "chat", Id, "Hi"));

        Assert.Equal(5, code);
        Assert.Contains("not Running", cli.Stderr.Text, StringComparison.Ordinal);
        Assert.Empty(cli.Stdout.Text);
    }

    [Fact]
    public async Task Chat_InteractiveModelNotRunning_Exits5BeforeReadingAQuestion()
    {
        await using var silo = await TestSilo.StartAsync((Id, new FakeScenario()));
        using var cli = new CliHarness(input: "Hello\n");

        var code = await cli.RunAsync(Args.For(silo, "chat", Id));

        Assert.Equal(5, code);
        Assert.DoesNotContain(">>>", cli.Stdout.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_UnknownModel_Exits4()
    {
        await using var silo = await TestSilo.StartAsync((Id, new FakeScenario()));
        using var cli = new CliHarness();

        var code = await cli.RunAsync(Args.For(silo, "chat", "nope", "Hi"));

        Assert.Equal(4, code);
    }

    [Fact]
    public async Task Chat_Interactive_KeepsTheConversationUntilAnEmptyLine()
    {
        await using var silo = await StartedSiloAsync(new FakeScenario { LoadMs = 0, TokenCount = 4 });
        using var cli = new CliHarness(input: "First question\nSecond question\n\nnot asked\n");

        var code = await cli.RunAsync(Args.For(silo, "chat", Id, "--json"));

        Assert.Equal(0, code);
        var answers = cli.JsonLines();
        Assert.Equal(2, answers.Count);
        // The second request carries the first question and answer too: the prompt grew by more than the new question.
        var first = answers[0].GetProperty("usage").GetProperty("promptTokens").GetInt32();
        var second = answers[1].GetProperty("usage").GetProperty("promptTokens").GetInt32();
        Assert.True(second >= first + 8, $"prompt tokens {first} then {second}: the conversation was not kept");
    }

    [Fact]
    public async Task Chat_Interactive_PrintsAPromptAndEachAnswer()
    {
        await using var silo = await StartedSiloAsync(new FakeScenario { LoadMs = 0, Tokens = ["Hi"], TokenCount = 1 });
        using var cli = new CliHarness(input: "Hello\nAgain\n");

        var code = await cli.RunAsync(Args.For(silo, "chat", Id));

        Assert.Equal(0, code);
        Assert.Equal(">>> Hi\n>>> Hi\n>>> \n", cli.Stdout.Text);
        Assert.Contains("Chatting with local/tiny:q0", cli.Stderr.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_CtrlCDuringTheAnswer_Exits130AndTheServerSeesTheRequestClose()
    {
        var events = TestSilo.EventsFile();
        await using var silo = await StartedSiloAsync(new FakeScenario { LoadMs = 0, TokenCount = 100_000, TokenDelayMs = 10, EventsFile = events });
        using var cli = new CliHarness();
        var interrupted = 0;
        cli.Stdout.OnWrite = _ =>
        {
            // Ctrl+C once, when the first piece of the answer is printed.
            if (Interlocked.Exchange(ref interrupted, 1) == 0)
            {
                cli.Interrupts.Interrupt();
            }
        };

        var code = await cli.RunAsync(Args.For(silo, "chat", Id, "Tell me everything"));

        Assert.Equal(130, code);
        Assert.Contains("cancelled", cli.Stderr.Text, StringComparison.Ordinal);
        await FakeEventLog.WaitForAsync(events, FakeEvent.ClientDisconnected, TimeSpan.FromSeconds(30));
        File.Delete(events);
    }

    [Fact]
    public async Task Chat_InteractiveCtrlCDuringAnAnswer_StopsOnlyThatAnswer()
    {
        await using var silo = await StartedSiloAsync(new FakeScenario { LoadMs = 0, TokenCount = 100_000, TokenDelayMs = 10 });
        using var cli = new CliHarness(input: "Tell me everything\n\n");
        var interrupted = 0;
        cli.Stdout.OnWrite = text =>
        {
            // Ctrl+C once the answer has begun (after the prompt), once.
            if (text.Length > ">>> ".Length && Interlocked.Exchange(ref interrupted, 1) == 0)
            {
                cli.Interrupts.Interrupt();
            }
        };

        var code = await cli.RunAsync(Args.For(silo, "chat", Id));

        Assert.Equal(0, code);
        Assert.Contains("cancelled", cli.Stderr.Text, StringComparison.Ordinal);
        Assert.EndsWith(">>> \n", cli.Stdout.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_AnswerEndsInAnError_Exits1WithTheError()
    {
        await using var silo = await StartedSiloAsync(new FakeScenario { LoadMs = 0, TokenCount = 10, ErrorAfterTokens = 2, ErrorMessage = "Context size has been exceeded." });
        using var cli = new CliHarness();

        var code = await cli.RunAsync(Args.For(silo, "chat", Id, "Hi"));

        Assert.Equal(1, code);
        Assert.Contains("upstream-error", cli.Stderr.Text, StringComparison.Ordinal);
        Assert.Contains("Context size has been exceeded.", cli.Stderr.Text, StringComparison.Ordinal);
    }

    private static async Task<TestSilo> StartedSiloAsync(FakeScenario scenario)
    {
        var silo = await TestSilo.StartAsync((Id, scenario));
        await using var client = await silo.ConnectClientAsync();
        await client.StartAsync(Id);
        return silo;
    }
}
