namespace HubFramework.Protocol;

/// <summary>Type 3: the end of an invocation or stream, with a result, an error, or neither (void).</summary>
public sealed class CompletionMessage : HubInvocationMessage
{
    /// <summary>Creates the message. At most one of <paramref name="error"/> and a result may be given.</summary>
    public CompletionMessage(string invocationId, string? error, object? result, bool hasResult)
        : base(invocationId)
    {
        ArgumentNullException.ThrowIfNull(invocationId);
        if (error is not null && hasResult)
        {
            throw new ArgumentException("A completion cannot carry both an error and a result.", nameof(error));
        }

        Error = error;
        Result = result;
        HasResult = hasResult;
    }

    /// <summary>The error text, or null.</summary>
    public string? Error { get; }

    /// <summary>The result, meaningful only when <see cref="HasResult"/>.</summary>
    public object? Result { get; }

    /// <summary>Whether a result is present (a null result is still a result).</summary>
    public bool HasResult { get; }

    /// <summary>A completion carrying an error.</summary>
    public static CompletionMessage WithError(string invocationId, string error) => new(invocationId, error, null, false);

    /// <summary>A completion carrying a result.</summary>
    public static CompletionMessage WithResult(string invocationId, object? result) => new(invocationId, null, result, true);

    /// <summary>A completion with neither error nor result.</summary>
    public static CompletionMessage Empty(string invocationId) => new(invocationId, null, null, false);

    /// <inheritdoc />
    public override string ToString() => $"Completion {{ InvocationId: {InvocationId}, Error: {Error ?? "(null)"}, HasResult: {HasResult} }}";
}
