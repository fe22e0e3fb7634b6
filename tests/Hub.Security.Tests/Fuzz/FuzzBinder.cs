using HubFramework.Protocol;
using HubFramework.Protocol.Tests.Json;

namespace HubFramework.Security.Tests.Fuzz;

/// <summary>Binds every method, result and stream item to one of a few shapes, so that fuzzed arguments get bound for real.</summary>
internal sealed class FuzzBinder : IInvocationBinder
{
    private static readonly Type[][] Shapes =
    [
        [typeof(int), typeof(string)],
        [typeof(Person)],
        [typeof(string[])],
        [typeof(object)],
        [typeof(Dictionary<string, double>), typeof(bool)],
        [],
    ];

    public IReadOnlyList<Type> GetParameterTypes(string methodName) => Shapes[methodName.Length % Shapes.Length];

    public Type GetReturnType(string invocationId) => invocationId.Length % 2 == 0 ? typeof(object) : typeof(Person);

    public Type GetStreamItemType(string streamId) => streamId.Length % 2 == 0 ? typeof(int) : typeof(string);
}
