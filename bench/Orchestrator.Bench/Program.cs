using Orchestrator.Bench;

// `dotnet run -c Release --project bench/Orchestrator.Bench [-- --quick]`: see BenchOptions for the arguments.
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

var report = await BenchHarness.RunAsync(options, Console.Error);
Console.WriteLine(report.Markdown);
if (options.OutputPath is { } path)
{
    Console.Error.WriteLine($"[bench] written to {path}");
}

return report.Rows.Any(r => r.Verdict == Orchestrator.Bench.Reporting.Verdict.Error) ? 1 : 0;
