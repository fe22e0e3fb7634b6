using System.Reflection;

namespace HubFramework.Server.Hubs;

/// <summary>What a hub filter sees of one invocation.</summary>
public sealed class HubInvocationContext
{
    /// <summary>Creates the context.</summary>
    public HubInvocationContext(HubCallerContext context, IServiceProvider serviceProvider, Hub hub, MethodInfo hubMethod, IReadOnlyList<object?> hubMethodArguments)
    {
        Context = context;
        ServiceProvider = serviceProvider;
        Hub = hub;
        HubMethod = hubMethod;
        HubMethodArguments = hubMethodArguments;
    }

    /// <summary>The calling connection.</summary>
    public HubCallerContext Context { get; }

    /// <summary>The invocation's service scope.</summary>
    public IServiceProvider ServiceProvider { get; }

    /// <summary>The hub instance.</summary>
    public Hub Hub { get; }

    /// <summary>The method invoked.</summary>
    public MethodInfo HubMethod { get; }

    /// <summary>The method's name as clients call it.</summary>
    public string HubMethodName => HubMethod.Name;

    /// <summary>The bound arguments.</summary>
    public IReadOnlyList<object?> HubMethodArguments { get; }
}
