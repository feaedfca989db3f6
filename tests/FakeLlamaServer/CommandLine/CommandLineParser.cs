using System.Collections;

namespace FakeLlamaServer.CommandLine;

/// <summary>
/// Parses arguments the way common_params_parse_ex does (llama.cpp common/arg.cpp): LLAMA_ARG_* environment
/// variables first, then the command line, which wins; `--x_y` is read as `--x-y`; errors are exceptions whose
/// text is printed verbatim.
/// </summary>
internal static class CommandLineParser
{
    public static ServerOptions Parse(IReadOnlyList<string> args, IDictionary environment)
    {
        var options = new ServerOptions();
        var lookup = BuildLookup();
        ApplyEnvironment(options, environment);

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i].StartsWith("--", StringComparison.Ordinal) ? args[i].Replace('_', '-') : args[i];
            if (!lookup.TryGetValue(arg, out var entry))
            {
                throw new CommandLineException($"error: invalid argument: {arg}");
            }

            if (!seen.Add(arg))
            {
                Console.Error.Write($"DEPRECATED: argument '{arg}' specified multiple times, use comma-separated values instead (only last value will be used)\n");
            }

            var (spec, positive) = entry;
            if (spec.Env is not null && environment.Contains(spec.Env))
            {
                Console.Error.Write($"warn: {spec.Env} environment variable is set, but will be overwritten by command line argument {arg}\n");
            }

            try
            {
                if (spec.Kind == OptionKind.Switch)
                {
                    spec.Apply(options, "", positive);
                    if (options.ShowVersion)
                    {
                        // llama.cpp's --version handler prints and exit(0)s on the spot: what follows is never parsed.
                        return options;
                    }

                    continue;
                }

                if (i + 1 >= args.Count)
                {
                    throw new FormatException("expected value for argument");
                }

                spec.Apply(options, args[++i], true);
            }
            catch (FormatException e)
            {
                throw new CommandLineException(
                    $"error while handling argument \"{arg}\": {e.Message}\n\nusage:\n{spec.ToUsage()}\n\nto show complete usage, run with -h", e);
            }
        }

        return options;
    }

    private static Dictionary<string, (OptionSpec Spec, bool Positive)> BuildLookup()
    {
        var lookup = new Dictionary<string, (OptionSpec, bool)>(StringComparer.Ordinal);
        foreach (var spec in OptionTable.All)
        {
            foreach (var name in spec.Names)
            {
                lookup[name] = (spec, true);
            }

            foreach (var name in spec.NegativeNames)
            {
                lookup[name] = (spec, false);
            }
        }

        return lookup;
    }

    private static void ApplyEnvironment(ServerOptions options, IDictionary environment)
    {
        foreach (var spec in OptionTable.All)
        {
            if (spec.Env is null)
            {
                continue;
            }

            try
            {
                // For switches llama.cpp also honours LLAMA_ARG_NO_<X> as "false".
                var negativeEnv = spec.Env.Replace("LLAMA_ARG_", "LLAMA_ARG_NO_", StringComparison.Ordinal);
                if (spec.Kind == OptionKind.Switch && environment.Contains(negativeEnv))
                {
                    spec.Apply(options, "", false);
                }
                else if (environment[spec.Env] is string value)
                {
                    spec.Apply(options, value, spec.Kind != OptionKind.Switch || ParseBool(value));
                }
            }
            catch (FormatException e)
            {
                throw new CommandLineException($"error while handling environment variable \"{spec.Env}\": {e.Message}\n\n", e);
            }
        }
    }

    private static bool ParseBool(string value) => value switch
    {
        "on" or "enabled" or "true" or "1" => true,
        "off" or "disabled" or "false" or "0" => false,
        _ => throw new FormatException("invalid boolean value"),
    };
}
