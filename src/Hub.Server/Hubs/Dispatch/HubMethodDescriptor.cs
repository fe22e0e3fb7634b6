using System.Reflection;
using Microsoft.AspNetCore.Authorization;

namespace HubFramework.Server.Hubs.Dispatch;

/// <summary>Everything the dispatcher needs to invoke one hub method, computed once at start-up.</summary>
internal sealed class HubMethodDescriptor
{
    public HubMethodDescriptor(
        string name,
        MethodInfo method,
        HubParameter[] parameters,
        Func<object, object?[], ValueTask<object?>> invoker,
        ServerStreamReader? streamReader,
        IAuthorizeData[] authorizeData)
    {
        Name = name;
        Method = method;
        Parameters = parameters;
        Invoker = invoker;
        StreamReader = streamReader;
        AuthorizeData = authorizeData;

        var wireTypes = new List<Type>();
        foreach (var parameter in parameters)
        {
            switch (parameter.Kind)
            {
                case HubParameterKind.Wire:
                    wireTypes.Add(parameter.Type);
                    break;
                case HubParameterKind.ClientStream:
                    ClientStreamCount++;
                    break;
                case HubParameterKind.CancellationToken:
                    HasCancellationToken = true;
                    break;
            }
        }

        WireParameterTypes = wireTypes.ToArray();
        ArgumentsAreWireOnly = wireTypes.Count == parameters.Length;
    }

    /// <summary>The name clients invoke (the method name, or its <see cref="HubMethodNameAttribute"/>).</summary>
    public string Name { get; }

    public MethodInfo Method { get; }

    public HubParameter[] Parameters { get; }

    /// <summary>The types of the arguments carried by the invocation message, in order.</summary>
    public IReadOnlyList<Type> WireParameterTypes { get; }

    /// <summary>Whether the message's argument array can be passed to <see cref="Invoker"/> as is.</summary>
    public bool ArgumentsAreWireOnly { get; }

    public int ClientStreamCount { get; }

    public bool HasCancellationToken { get; }

    /// <summary>Calls the method on a hub instance with a complete argument array.</summary>
    public Func<object, object?[], ValueTask<object?>> Invoker { get; }

    /// <summary>Reads the returned stream of a server-to-client streaming method; null for other methods.</summary>
    public ServerStreamReader? StreamReader { get; }

    public bool IsStreaming => StreamReader is not null;

    /// <summary>Authorization requirements declared on the method; empty when none.</summary>
    public IAuthorizeData[] AuthorizeData { get; }

    /// <summary>The combined policy, cached when the policy provider allows it.</summary>
    public AuthorizationPolicy? CachedPolicy { get; set; }

    /// <summary>Whether an invocation needs its own cancellation source (for CancelInvocation, streams).</summary>
    public bool NeedsCancellation => HasCancellationToken || IsStreaming || ClientStreamCount > 0;
}
