using System.Collections.Frozen;
using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace HubFramework.Server.Hubs.Dispatch;

/// <summary>
/// The methods a hub exposes, by name (case-insensitive), built once per hub type. Invalid hubs (overloads, generic
/// methods, by-ref parameters) fail here, at start-up, with a message naming the method.
/// </summary>
internal sealed class HubMethodTable
{
    private readonly FrozenDictionary<string, HubMethodDescriptor> _byName;
    private readonly FrozenDictionary<MethodInfo, HubMethodDescriptor> _byMethod;

    private HubMethodTable(Dictionary<string, HubMethodDescriptor> byName)
    {
        _byName = byName.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        _byMethod = byName.Values.ToFrozenDictionary(d => d.Method);
    }

    public IEnumerable<HubMethodDescriptor> Methods => _byName.Values;

    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out HubMethodDescriptor? descriptor)
        => _byName.TryGetValue(name, out descriptor);

    public HubMethodDescriptor Get(MethodInfo method) => _byMethod[method];

    /// <summary>Builds the table of <paramref name="hubType"/>; <paramref name="services"/> tells which parameter types are DI services.</summary>
    /// <exception cref="NotSupportedException">The hub declares a method that cannot be a hub method.</exception>
    public static HubMethodTable Build(Type hubType, IServiceProviderIsService? services)
    {
        var methods = new Dictionary<string, HubMethodDescriptor>(StringComparer.OrdinalIgnoreCase);
        foreach (var method in hubType.GetMethods(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!IsHubMethod(method))
            {
                continue;
            }

            var name = method.GetCustomAttribute<HubMethodNameAttribute>(inherit: true)?.Name ?? method.Name;
            if (method.IsGenericMethodDefinition)
            {
                throw new NotSupportedException($"Method '{name}' of hub '{hubType.Name}' is generic; hub methods cannot be generic.");
            }

            if (methods.TryGetValue(name, out var existing))
            {
                throw new NotSupportedException(
                    $"Duplicate definitions of '{name}' on hub '{hubType.Name}' ({Describe(existing.Method)} and {Describe(method)}). " +
                    "Hub method names are case-insensitive and overloading is not supported.");
            }

            methods.Add(name, Describe(hubType, name, method, services));
        }

        return new HubMethodTable(methods);
    }

    private static HubMethodDescriptor Describe(Type hubType, string name, MethodInfo method, IServiceProviderIsService? services)
    {
        var parameterInfos = method.GetParameters();
        var parameters = new HubParameter[parameterInfos.Length];
        int wire = 0, streams = 0;
        for (var i = 0; i < parameterInfos.Length; i++)
        {
            var info = parameterInfos[i];
            if (info.ParameterType.IsByRef || info.IsOut)
            {
                throw new NotSupportedException($"Parameter '{info.Name}' of hub method '{name}' on hub '{hubType.Name}' is passed by reference, which hub methods do not support.");
            }

            parameters[i] = DescribeParameter(info, services, ref wire, ref streams);
        }

        var resultType = HubMethodInvoker.GetAwaitedResultType(method.ReturnType);
        var streamReader = resultType == typeof(void) ? null : ServerStreamReader.TryCreate(resultType);
        var authorizeData = method.IsDefined(typeof(IAllowAnonymous), inherit: true)
            ? Array.Empty<IAuthorizeData>()
            : method.GetCustomAttributes(inherit: true).OfType<IAuthorizeData>().ToArray();

        return new HubMethodDescriptor(name, method, parameters, HubMethodInvoker.Compile(method), streamReader, authorizeData);
    }

    private static HubParameter DescribeParameter(ParameterInfo info, IServiceProviderIsService? services, ref int wire, ref int streams)
    {
        var type = info.ParameterType;
        if (type == typeof(CancellationToken))
        {
            return new HubParameter(HubParameterKind.CancellationToken, type, 0);
        }

        if (info.GetCustomAttribute<FromKeyedServicesAttribute>(inherit: true) is { } keyed)
        {
            return new HubParameter(HubParameterKind.KeyedService, type, 0) { ServiceKey = keyed.Key };
        }

        if (info.GetCustomAttributes(inherit: true).OfType<IFromServiceMetadata>().Any() || services?.IsService(type) == true)
        {
            return new HubParameter(HubParameterKind.Service, type, 0);
        }

        if (ClientStreamFactory.TryCreate(type) is { } streamFactory)
        {
            return new HubParameter(HubParameterKind.ClientStream, type, streams++) { StreamFactory = streamFactory };
        }

        return new HubParameter(HubParameterKind.Wire, type, wire++);
    }

    private static bool IsHubMethod(MethodInfo method)
    {
        if (method.IsSpecialName || method.IsStatic)
        {
            return false;
        }

        // Disposal is the hub's lifetime, not something clients may call.
        if (method.Name is nameof(IDisposable.Dispose) or nameof(IAsyncDisposable.DisposeAsync) && method.GetParameters().Length == 0)
        {
            return false;
        }

        var declaring = method.GetBaseDefinition().DeclaringType;
        return declaring != typeof(object)
            && declaring != typeof(Hub)
            && !(declaring is { IsGenericType: true } && declaring.GetGenericTypeDefinition() == typeof(Hub<>));
    }

    private static string Describe(MethodInfo method) =>
        $"{method.Name}({string.Join(", ", method.GetParameters().Select(p => p.ParameterType.Name))})";
}
