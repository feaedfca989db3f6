namespace FakeLlamaServer.CommandLine;

/// <summary>A rejected command line; the message is exactly what llama-server prints to stderr before exiting 1.</summary>
internal sealed class CommandLineException : Exception
{
    public CommandLineException()
    {
    }

    public CommandLineException(string message)
        : base(message)
    {
    }

    public CommandLineException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
