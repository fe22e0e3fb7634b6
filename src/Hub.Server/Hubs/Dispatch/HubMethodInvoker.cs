using System.Linq.Expressions;
using System.Reflection;

namespace HubFramework.Server.Hubs.Dispatch;

/// <summary>
/// Compiles a hub method into a delegate <c>(hub, args) =&gt; ValueTask&lt;object?&gt;</c> once at start-up, so that an
/// invocation costs a delegate call and unboxing, not reflection. Task/ValueTask results are awaited; void and
/// non-generic Task/ValueTask complete with null.
/// </summary>
internal static class HubMethodInvoker
{
    public static Func<object, object?[], ValueTask<object?>> Compile(MethodInfo method)
    {
        var hub = Expression.Parameter(typeof(object), "hub");
        var args = Expression.Parameter(typeof(object?[]), "args");
        var parameters = method.GetParameters();
        var callArguments = new Expression[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            callArguments[i] = Expression.Convert(Expression.ArrayIndex(args, Expression.Constant(i)), parameters[i].ParameterType);
        }

        var call = Expression.Call(Expression.Convert(hub, method.DeclaringType!), method, callArguments);
        var body = WrapResult(call, method.ReturnType);
        return Expression.Lambda<Func<object, object?[], ValueTask<object?>>>(body, hub, args).Compile();
    }

    /// <summary>The type of the value a method produces once awaited (typeof(void) for none).</summary>
    public static Type GetAwaitedResultType(Type returnType)
    {
        if (returnType == typeof(void) || returnType == typeof(Task) || returnType == typeof(ValueTask))
        {
            return typeof(void);
        }

        return FindGeneric(returnType, typeof(Task<>)) ?? FindGeneric(returnType, typeof(ValueTask<>)) ?? returnType;
    }

    private static Expression WrapResult(MethodCallExpression call, Type returnType)
    {
        if (returnType == typeof(void))
        {
            return Expression.Block(call, Expression.Default(typeof(ValueTask<object?>)));
        }

        if (returnType == typeof(ValueTask))
        {
            return Expression.Call(Adapter(nameof(ResultAdapters.FromValueTask)), call);
        }

        if (FindGeneric(returnType, typeof(ValueTask<>)) is { } valueTaskResult && returnType.IsValueType)
        {
            return Expression.Call(Adapter(nameof(ResultAdapters.FromValueTaskOf)).MakeGenericMethod(valueTaskResult), call);
        }

        if (FindGeneric(returnType, typeof(Task<>)) is { } taskResult)
        {
            return Expression.Call(
                Adapter(nameof(ResultAdapters.FromTaskOf)).MakeGenericMethod(taskResult),
                Expression.Convert(call, typeof(Task<>).MakeGenericType(taskResult)));
        }

        if (typeof(Task).IsAssignableFrom(returnType))
        {
            return Expression.Call(Adapter(nameof(ResultAdapters.FromTask)), Expression.Convert(call, typeof(Task)));
        }

        var ctor = typeof(ValueTask<object?>).GetConstructor([typeof(object)])!;
        return Expression.New(ctor, Expression.Convert(call, typeof(object)));
    }

    private static MethodInfo Adapter(string name) =>
        typeof(ResultAdapters).GetMethod(name, BindingFlags.Public | BindingFlags.Static)!;

    private static Type? FindGeneric(Type type, Type definition)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.IsGenericType && current.GetGenericTypeDefinition() == definition)
            {
                return current.GetGenericArguments()[0];
            }
        }

        return null;
    }

    /// <summary>Turns the awaitables hub methods return into <c>ValueTask&lt;object?&gt;</c> without allocating when already complete.</summary>
    public static class ResultAdapters
    {
        public static ValueTask<object?> FromTask(Task task)
        {
            if (task.IsCompletedSuccessfully)
            {
                return default;
            }

            return Await(task);

            static async ValueTask<object?> Await(Task task)
            {
                await task.ConfigureAwait(false);
                return null;
            }
        }

        public static ValueTask<object?> FromTaskOf<T>(Task<T> task)
        {
            if (task.IsCompletedSuccessfully)
            {
                return new ValueTask<object?>(task.Result);
            }

            return Await(task);

            static async ValueTask<object?> Await(Task<T> task) => await task.ConfigureAwait(false);
        }

        public static ValueTask<object?> FromValueTask(ValueTask task)
        {
            if (task.IsCompletedSuccessfully)
            {
                task.GetAwaiter().GetResult();
                return default;
            }

            return Await(task);

            static async ValueTask<object?> Await(ValueTask task)
            {
                await task.ConfigureAwait(false);
                return null;
            }
        }

        public static ValueTask<object?> FromValueTaskOf<T>(ValueTask<T> task)
        {
            if (task.IsCompletedSuccessfully)
            {
                return new ValueTask<object?>(task.Result);
            }

            return Await(task);

            static async ValueTask<object?> Await(ValueTask<T> task) => await task.ConfigureAwait(false);
        }
    }
}
