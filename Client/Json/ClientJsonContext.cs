using System.Text.Json;
using System.Text.Json.Serialization;
using Orchestrator.Grains.Interfaces.Discovery;

namespace Orchestrator.Client.Json;

/// <summary>Source-generated JSON for silo.json, and the values of chat options (llama-server's fields).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(SiloInfo))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(float))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(string[]))]
internal sealed partial class ClientJsonContext : JsonSerializerContext;
