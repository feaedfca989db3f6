using Orchestrator.Cli;
using Orchestrator.Cli.Hosting;

// orch: the silo's command-line client. OrchCli holds the command tree; this file only wires it to the real console.
StartupTrace.Mark("main");
using var interrupts = new Interrupts();
// The first Ctrl+C cancels the answer or the command, which then ends cleanly; a second one ends the process.
Console.CancelKeyPress += (_, e) => e.Cancel = interrupts.Interrupt();
var code = await OrchCli.RunAsync(args, CliEnvironment.ForProcess(interrupts));
StartupTrace.Mark("done");
return code;
