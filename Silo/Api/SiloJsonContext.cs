using System.Text.Json;
using System.Text.Json.Serialization;
using Orchestrator.Grains.Interfaces.Budget;
using Orchestrator.Grains.Interfaces.Chat;
using Orchestrator.Grains.Interfaces.Discovery;
using Orchestrator.Grains.Interfaces.Events;
using Orchestrator.Grains.Interfaces.Logs;
using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.Grains.Interfaces.Registry;

namespace Orchestrator.Silo.Api;

/// <summary>Source-generated JSON for everything the silo writes: camelCase, enums as names.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, WriteIndented = false)]
[JsonSerializable(typeof(ModelView))]
[JsonSerializable(typeof(ModelView[]))]
[JsonSerializable(typeof(ModelEventView))]
[JsonSerializable(typeof(LogLine))]
[JsonSerializable(typeof(LogLine[]))]
[JsonSerializable(typeof(ChatDelta))]
[JsonSerializable(typeof(ChatDone))]
[JsonSerializable(typeof(ChatError))]
[JsonSerializable(typeof(SiloInfo))]
[JsonSerializable(typeof(HealthView))]
[JsonSerializable(typeof(RegistryView))]
[JsonSerializable(typeof(BudgetView))]
internal sealed partial class SiloJsonContext : JsonSerializerContext;

/// <summary>The answer of <c>/healthz</c>.</summary>
internal sealed record HealthView(string Status, int Pid);
