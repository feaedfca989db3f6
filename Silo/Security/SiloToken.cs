using System.Buffers.Text;
using System.Security.Cryptography;

namespace Orchestrator.Silo.Security;

/// <summary>The bearer token of this silo's run: random, written only to silo.json, never logged.</summary>
internal sealed class SiloToken
{
    public string Value { get; } = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>Never the token itself: it must not leak into logs.</summary>
    public override string ToString() => "SiloToken(***)";
}
