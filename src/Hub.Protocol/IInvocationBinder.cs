namespace HubFramework.Protocol;

/// <summary>
/// Tells a protocol which .NET types to bind incoming values to. The server's hub layer answers for hub methods
/// and client-to-server streams; the client answers for handlers, invocation results and stream items.
/// </summary>
public interface IInvocationBinder
{
    /// <summary>Parameter types of <paramref name="methodName"/> as they appear on the wire (streaming parameters excluded).</summary>
    /// <exception cref="Exception">Any exception: the protocol turns it into an <see cref="InvocationBindingFailureMessage"/>.</exception>
    IReadOnlyList<Type> GetParameterTypes(string methodName);

    /// <summary>The type of the result of the outstanding invocation <paramref name="invocationId"/>.</summary>
    Type GetReturnType(string invocationId);

    /// <summary>The item type of the stream <paramref name="streamId"/> (an incoming stream item).</summary>
    Type GetStreamItemType(string streamId);
}
