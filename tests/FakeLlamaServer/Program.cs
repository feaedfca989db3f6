using FakeLlamaServer.CommandLine;
using FakeLlamaServer.Diagnostics;
using FakeLlamaServer.Hosting;

// FakeLlamaServer: a stand-in for llama.cpp's llama-server, for tests. Same command line, log lines (stderr
// only), HTTP API, stream framing and signal behaviour; its "model" file is a JSON scenario (Scenarios/Scenario.cs)
// that scripts load time, tokens and failures.
ServerOptions options;
try
{
    options = CommandLineParser.Parse(args, Environment.GetEnvironmentVariables());
}
catch (CommandLineException e)
{
    Console.Error.Write(e.Message + "\n");
    return 1;
}

var log = new ServerLog(Console.Error);
if (options.ShowVersion)
{
    log.Version();
    return 0;
}

return await ServerMain.RunAsync(options, log);
