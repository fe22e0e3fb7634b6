using System.Threading.Channels;

namespace HubFramework.Client;

/// <summary>
/// What can be called on a hub connection: a <see cref="HubConnection"/> or a <see cref="HubNamespace"/> opened over
/// one. The typed <c>On</c>, <c>InvokeAsync</c>, <c>SendAsync</c> and <c>StreamAsync</c> extension methods build on it.
/// </summary>
public interface IHubConnection
{
    /// <summary>Registers a handler for calls of <paramref name="methodName"/> from the server.</summary>
    /// <param name="methodName">The client method name (matched case-insensitively).</param>
    /// <param name="parameterTypes">The types the arguments are bound to.</param>
    /// <param name="handler">Receives the bound arguments and <paramref name="state"/>.</param>
    /// <param name="state">Passed to <paramref name="handler"/>.</param>
    /// <returns>Disposing it removes this handler.</returns>
    IDisposable On(string methodName, Type[] parameterTypes, Func<object?[], object?, Task> handler, object? state);

    /// <summary>Registers a handler that returns a result to the server (client results).</summary>
    /// <param name="methodName">The client method name (matched case-insensitively).</param>
    /// <param name="parameterTypes">The types the arguments are bound to.</param>
    /// <param name="handler">Receives the bound arguments and <paramref name="state"/>; returns the result.</param>
    /// <param name="state">Passed to <paramref name="handler"/>.</param>
    /// <returns>Disposing it removes this handler.</returns>
    IDisposable On(string methodName, Type[] parameterTypes, Func<object?[], object?, Task<object?>> handler, object? state);

    /// <summary>Removes every handler of <paramref name="methodName"/>.</summary>
    /// <param name="methodName">The client method name.</param>
    void Remove(string methodName);

    /// <summary>Invokes a hub method and waits for its result.</summary>
    /// <param name="methodName">The hub method.</param>
    /// <param name="returnType">The type the result is bound to.</param>
    /// <param name="args">The arguments.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    Task<object?> InvokeCoreAsync(string methodName, Type returnType, object?[] args, CancellationToken cancellationToken = default);

    /// <summary>Invokes a hub method without waiting for a result.</summary>
    /// <param name="methodName">The hub method.</param>
    /// <param name="args">The arguments.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    Task SendCoreAsync(string methodName, object?[] args, CancellationToken cancellationToken = default);

    /// <summary>Invokes a streaming hub method; items arrive in the returned channel.</summary>
    /// <param name="methodName">The hub method.</param>
    /// <param name="returnType">The item type.</param>
    /// <param name="args">The arguments.</param>
    /// <param name="cancellationToken">Cancels the stream.</param>
    Task<ChannelReader<object?>> StreamAsChannelCoreAsync(string methodName, Type returnType, object?[] args, CancellationToken cancellationToken = default);

    /// <summary>Invokes a streaming hub method; items arrive as they are produced.</summary>
    /// <typeparam name="TResult">The item type.</typeparam>
    /// <param name="methodName">The hub method.</param>
    /// <param name="args">The arguments.</param>
    /// <param name="cancellationToken">Cancels the stream.</param>
    IAsyncEnumerable<TResult> StreamAsyncCore<TResult>(string methodName, object?[] args, CancellationToken cancellationToken = default);
}
