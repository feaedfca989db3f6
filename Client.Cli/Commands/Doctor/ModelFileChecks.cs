using Orchestrator.Grains.Interfaces.Errors;
using Orchestrator.Grains.Interfaces.Registry;

namespace Orchestrator.Cli.Commands.Doctor;

/// <summary>models.json read by the silo's own loader, then each model's file: there, a file, and readable by this user.</summary>
internal static class ModelFileChecks
{
    public const string RegistryName = "models.json";

    public static IReadOnlyList<DoctorCheck> Run(string modelsPath)
    {
        ModelRegistry registry;
        try
        {
            registry = ModelRegistry.Load(modelsPath);
        }
        catch (RegistryException e)
        {
            // The loader's message names the file, entry and field, and says how to fix it.
            return [DoctorCheck.Fail(RegistryName, e.Message, "correct models.json as the message says, or pass --models <path>")];
        }

        if (registry.Models.Count == 0)
        {
            return [DoctorCheck.Fail(RegistryName, $"{registry.FilePath} lists no models", "add a model (the models.json at the repository root is a sample)")];
        }

        var where = registry.FilePath;
        return [DoctorCheck.Pass(RegistryName, $"{where}: {registry.Models.Count} model(s)"), .. registry.Models.Select(m => File(m.Id.Value, m.ModelFilePath, where))];
    }

    private static DoctorCheck File(string id, string path, string registryPath)
    {
        var check = $"model {id}";
        var elsewhere = $"or correct model_file_path of \"{id}\" in {registryPath}";
        if (Directory.Exists(path))
        {
            return DoctorCheck.Fail(check, $"{path} is a directory, not a model file", $"point model_file_path at the .gguf file in it, {elsewhere}");
        }

        try
        {
            // Opening it is the only sure test of "readable by this user": permission bits do not tell about ACLs or mounts.
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
            return DoctorCheck.Pass(check, $"{path} ({Size(stream.Length)})");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return DoctorCheck.Fail(check, $"{path} does not exist", $"download the model, {elsewhere}");
        }
        catch (UnauthorizedAccessException)
        {
            return DoctorCheck.Fail(check, $"{path} cannot be read by this user", $"make it readable (e.g. chmod u+r \"{path}\")");
        }
        catch (IOException e)
        {
            return DoctorCheck.Fail(check, $"{path} cannot be read: {e.Message}", $"check the file and its disk, {elsewhere}");
        }
    }

    private static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.0} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.0} MiB",
        _ => $"{bytes} bytes",
    };
}
