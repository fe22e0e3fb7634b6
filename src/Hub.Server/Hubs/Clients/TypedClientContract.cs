using System.Reflection;
using System.Text;

namespace HubFramework.Server.Hubs;

/// <summary>
/// Checks a client interface once and maps each of its methods: every method must return <see cref="Task"/> (a send
/// to the targeted clients) or <see cref="Task{TResult}"/> (a client result, single clients only); parameters are sent
/// as arguments except one optional <see cref="CancellationToken"/>. Properties, events, generic methods and by-ref
/// parameters are refused with a message naming the member.
/// </summary>
internal static class TypedClientContract
{
    private static readonly MethodInfo InvokeCoreMethod = typeof(TypedClientContract).GetMethod(nameof(InvokeCore), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>Maps the methods of <paramref name="clientType"/>; throws <see cref="InvalidOperationException"/> when it is not a valid client interface.</summary>
    public static Dictionary<MethodInfo, TypedClientMethod> Build(Type clientType)
    {
        if (!clientType.IsInterface)
        {
            throw Invalid(clientType, "it is not an interface");
        }

        var interfaces = new List<Type> { clientType };
        interfaces.AddRange(clientType.GetInterfaces());
        var methods = new Dictionary<MethodInfo, TypedClientMethod>();
        foreach (var type in interfaces)
        {
            if (type.GetProperties().FirstOrDefault() is { } property)
            {
                throw Invalid(clientType, $"it declares the property '{property.Name}'; a client interface declares only methods");
            }

            if (type.GetEvents().FirstOrDefault() is { } @event)
            {
                throw Invalid(clientType, $"it declares the event '{@event.Name}'; a client interface declares only methods");
            }

            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance))
            {
                methods[method] = Map(clientType, method);
            }

            if (type.GetMethods(BindingFlags.Public | BindingFlags.Static).FirstOrDefault(m => m.IsAbstract) is { } staticAbstract)
            {
                throw Invalid(clientType, $"it declares the static abstract method '{staticAbstract.Name}'");
            }
        }

        return methods;
    }

    private static TypedClientMethod Map(Type clientType, MethodInfo method)
    {
        if (method.IsGenericMethodDefinition)
        {
            throw Invalid(clientType, $"the method '{method.Name}' is generic");
        }

        Func<ISingleClientProxy, string, object?[], CancellationToken, Task>? invoke = null;
        var returnType = method.ReturnType;
        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
        {
            invoke = InvokeCoreMethod.MakeGenericMethod(returnType.GetGenericArguments()[0])
                .CreateDelegate<Func<ISingleClientProxy, string, object?[], CancellationToken, Task>>();
        }
        else if (returnType != typeof(Task))
        {
            throw Invalid(clientType, $"the method '{method.Name}' returns '{Describe(returnType)}'; client methods return Task (a send) or Task<T> (a client result)");
        }

        var cancellationTokenIndex = -1;
        var parameters = method.GetParameters();
        for (var i = 0; i < parameters.Length; i++)
        {
            var parameterType = parameters[i].ParameterType;
            if (parameterType.IsByRef)
            {
                throw Invalid(clientType, $"the parameter '{parameters[i].Name}' of '{method.Name}' is passed by reference");
            }

            if (parameterType == typeof(CancellationToken))
            {
                if (cancellationTokenIndex >= 0)
                {
                    throw Invalid(clientType, $"the method '{method.Name}' has more than one CancellationToken parameter");
                }

                cancellationTokenIndex = i;
            }
        }

        var name = method.GetCustomAttribute<HubMethodNameAttribute>()?.Name ?? method.Name;
        return new TypedClientMethod(name, cancellationTokenIndex, invoke);
    }

    private static Task InvokeCore<T>(ISingleClientProxy proxy, string method, object?[] args, CancellationToken cancellationToken)
        => proxy.InvokeCoreAsync<T>(method, args, cancellationToken);

    private static InvalidOperationException Invalid(Type clientType, string problem)
        => new($"'{Describe(clientType)}' cannot be used as a strongly typed hub client: {problem}.");

    private static string Describe(Type type)
    {
        if (!type.IsGenericType)
        {
            return type.Name;
        }

        var name = new StringBuilder(type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]).Append('<');
        name.AppendJoin(", ", type.GetGenericArguments().Select(Describe));
        return name.Append('>').ToString();
    }
}

/// <summary>The checked method map of <typeparamref name="T"/>, built on first use.</summary>
internal static class TypedClientContract<T>
    where T : class
{
    private static readonly Lazy<Dictionary<MethodInfo, TypedClientMethod>> Map = new(() => TypedClientContract.Build(typeof(T)));

    /// <summary>The map; throws <see cref="InvalidOperationException"/> (every time) when <typeparamref name="T"/> is not a valid client interface.</summary>
    public static Dictionary<MethodInfo, TypedClientMethod> Methods => Map.Value;
}
