using System.Globalization;
using Orchestrator.Soak;

// Soak: `dotnet run -c Release --project tests/Soak -- [--minutes N] [--clients N] [--server <FakeLlamaServer path>]`.
// Exit code 0 when no failure, violation or leaked process was found.
var minutes = 1.0;
var clients = 8;
string? server = null;
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--minutes": minutes = double.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--clients": clients = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--server": server = args[i + 1]; break;
        default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
    }
}

server ??= Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "FakeLlamaServer", "bin",
    new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0", "FakeLlamaServer"));
var report = await SoakRun.RunAsync(new SoakOptions
{
    Duration = TimeSpan.FromMinutes(minutes),
    Clients = clients,
    ServerPath = server,
    Progress = Console.Out,
});
Console.WriteLine(report);
return report.Failures.IsEmpty && report.Violations.IsEmpty && report.LeakedProcesses == 0 ? 0 : 1;
