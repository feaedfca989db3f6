using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;

namespace Orchestrator.Silo.Dashboard;

/// <summary>
/// The web page's files, embedded in the silo's assembly (Dashboard/wwwroot): nothing on disk to lose, nothing from
/// another host. Read on the first request, so a silo nobody looks at pays nothing for them.
/// </summary>
internal static class DashboardAssets
{
    private const string Prefix = "dashboard/";

    private static readonly Lazy<FrozenDictionary<string, Asset>> Files = new(Load);

    public static Asset? Find(string name) => Files.Value.GetValueOrDefault(name);

    private static FrozenDictionary<string, Asset> Load()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
            .ToFrozenDictionary(n => n[Prefix.Length..], n => Read(assembly, n), StringComparer.Ordinal);
    }

    private static Asset Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var bytes = buffer.ToArray();
        return new Asset(bytes, ContentType(resource), $"\"{Convert.ToHexString(SHA256.HashData(bytes))[..16]}\"");
    }

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        _ => "application/octet-stream",
    };

    /// <summary>One file: its bytes, media type and an entity tag for revalidation.</summary>
    internal sealed record Asset(byte[] Content, string ContentType, string ETag);
}
