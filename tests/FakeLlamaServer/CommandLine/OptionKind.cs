namespace FakeLlamaServer.CommandLine;

/// <summary>How an option takes its value, mirroring common_arg's handler kinds in llama.cpp common/arg.cpp.</summary>
internal enum OptionKind
{
    /// <summary>handler_string: one value, taken as is.</summary>
    Text,

    /// <summary>handler_int: one value through std::stoi.</summary>
    Integer,

    /// <summary>handler_bool: no value; a positive and a negative spelling.</summary>
    Switch,
}
