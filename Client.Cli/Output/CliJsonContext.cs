using System.Text.Json;
using System.Text.Json.Serialization;
using Orchestrator.Cli.Commands.Chat;
using Orchestrator.Cli.Commands.Doctor;
using Orchestrator.Grains.Interfaces.Events;
using Orchestrator.Grains.Interfaces.Logs;
using Orchestrator.Grains.Interfaces.Models;

namespace Orchestrator.Cli.Output;

/// <summary>Source-generated JSON for <c>--json</c>: the silo's own shapes (camelCase, enums as names), plus a chat's result and doctor's checks.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ModelView))]
[JsonSerializable(typeof(ModelView[]))]
[JsonSerializable(typeof(ModelEventView))]
[JsonSerializable(typeof(LogLine))]
[JsonSerializable(typeof(LogLine[]))]
[JsonSerializable(typeof(ChatResult))]
[JsonSerializable(typeof(DoctorCheck[]))]
[JsonSerializable(typeof(Orchestrator.Grains.Interfaces.Dashboard.DashboardLink))]
[JsonSerializable(typeof(Commands.Ps.PsView))]
[JsonSerializable(typeof(Commands.Models.Import.ImportView))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(double))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
