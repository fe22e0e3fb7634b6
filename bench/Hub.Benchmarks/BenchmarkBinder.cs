using HubFramework.Protocol;

namespace HubFramework.Benchmarks;

/// <summary>Binds the two benchmark methods: one string parameter, one ten-property object parameter.</summary>
internal sealed class BenchmarkBinder : IInvocationBinder
{
    public const string StringMethod = "SendMessage";
    public const string ObjectMethod = "UpdateProfile";

    private static readonly Type[] StringParameters = [typeof(string)];
    private static readonly Type[] ObjectParameters = [typeof(BenchmarkPayload)];

    public IReadOnlyList<Type> GetParameterTypes(string methodName) => methodName switch
    {
        StringMethod => StringParameters,
        ObjectMethod => ObjectParameters,
        _ => throw new InvalidOperationException($"Unknown method '{methodName}'."),
    };

    public Type GetReturnType(string invocationId) => typeof(object);

    public Type GetStreamItemType(string streamId) => typeof(object);
}
