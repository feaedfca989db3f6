using System.Runtime.InteropServices;

namespace Orchestrator.Bench.Reporting;

/// <summary>What the numbers were measured on.</summary>
public sealed record MachineInfo(string Cpu, int Cores, string Memory, string Os, string Dotnet, DateTimeOffset Date)
{
    public static MachineInfo Describe() => new(
        CpuModel(),
        Environment.ProcessorCount,
        MemoryTotal(),
        OsName(),
        $"{RuntimeInformation.FrameworkDescription} ({RuntimeInformation.RuntimeIdentifier})",
        DateTimeOffset.UtcNow);

    public string ToMarkdown() =>
        $"- CPU: {Cpu}, {Cores} logical cores\n- Memory: {Memory}\n- OS: {Os}\n- .NET: {Dotnet}\n- Date: {Date:yyyy-MM-dd HH:mm} UTC\n";

    private static string CpuModel() =>
        ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) is { } line
            ? line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()
            : RuntimeInformation.ProcessArchitecture.ToString();

    private static string MemoryTotal() =>
        ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)) is { } line
            && long.TryParse(line["MemTotal:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), out var kb)
            ? $"{kb / 1024.0 / 1024.0:0.0} GiB"
            : "unknown";

    private static string OsName()
    {
        var pretty = ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal));
        var name = pretty is null ? RuntimeInformation.OSDescription : pretty["PRETTY_NAME=".Length..].Trim('"');
        return $"{name}, kernel {Environment.OSVersion.Version}";
    }

    private static IEnumerable<string> ReadLines(string path) => File.Exists(path) ? File.ReadLines(path) : [];
}
