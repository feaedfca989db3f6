using System.Text.Json;
using System.Text.Json.Serialization;
using Orchestrator.Grains.Interfaces.Chat;
using Orchestrator.Grains.Interfaces.Discovery;
using Orchestrator.Grains.Interfaces.Events;
using Orchestrator.Grains.Interfaces.Logs;
using Orchestrator.Grains.Interfaces.Models;

namespace Orchestrator.Client.Json;

/// <summary>Source-generated JSON for everything the client reads and writes: the silo's shapes (camelCase, enums as names).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(SiloInfo))]
[JsonSerializable(typeof(ModelView))]
[JsonSerializable(typeof(ModelView[]))]
[JsonSerializable(typeof(ModelEventView))]
[JsonSerializable(typeof(LogLine))]
[JsonSerializable(typeof(LogLine[]))]
[JsonSerializable(typeof(ChatMessage[]))]
[JsonSerializable(typeof(ChatDelta))]
[JsonSerializable(typeof(ChatDone))]
[JsonSerializable(typeof(ChatError))]
[JsonSerializable(typeof(ProblemBody))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(float))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(string[]))]
internal sealed partial class ClientJsonContext : JsonSerializerContext;
