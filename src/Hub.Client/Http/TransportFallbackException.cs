namespace HubFramework.Client;

/// <summary>No transport could be used: every one was skipped or failed. <see cref="Skipped"/> says why, per transport.</summary>
public sealed class TransportFallbackException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TransportFallbackException(IReadOnlyList<TransportSkip> skipped)
        : base(BuildMessage(skipped), FirstError(skipped))
    {
        Skipped = skipped;
    }

    /// <summary>Every transport considered, in the order tried, with the reason it was not used.</summary>
    public IReadOnlyList<TransportSkip> Skipped { get; }

    private static string BuildMessage(IReadOnlyList<TransportSkip> skipped)
    {
        ArgumentNullException.ThrowIfNull(skipped);
        return "Unable to connect to the server with any of the available transports. "
            + string.Join(" ", skipped.Select(s => s + "."));
    }

    private static Exception? FirstError(IReadOnlyList<TransportSkip> skipped) =>
        skipped.Select(s => s.Error).FirstOrDefault(e => e is not null);
}
