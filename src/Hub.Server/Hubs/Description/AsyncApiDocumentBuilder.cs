using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Channels;
using HubFramework.Server.Hubs.Dispatch;
using Microsoft.AspNetCore.Routing.Patterns;

namespace HubFramework.Server.Hubs.Description;

/// <summary>
/// Builds an AsyncAPI 3.0 document of mapped hubs: one channel per hub endpoint (its route pattern is the address;
/// route parameters become channel parameters), a <c>receive</c> operation per hub method (the server receives the
/// invocation; its reply is the Completion's result, or the stream items of a streaming method) and, for
/// <see cref="Hub{T}"/>, a <c>send</c> operation per client method (with a reply for client results). A message's
/// payload is the invocation's <c>arguments</c> array: a tuple schema whose items are the JSON Schemas
/// (<see cref="JsonSchemaExporter"/>, with the JSON hub protocol's serializer options) of the wire parameters in
/// order, each titled with the parameter's name; client-to-server stream parameters are listed under
/// <c>x-client-streams</c> with their item schemas.
/// </summary>
internal sealed class AsyncApiDocumentBuilder
{
    private static readonly JsonSchemaExporterOptions ExporterOptions = new() { TreatNullObliviousAsNonNullable = true };

    private readonly JsonSerializerOptions _serializerOptions;
    private readonly Microsoft.Extensions.DependencyInjection.IServiceProviderIsService? _isService;

    /// <param name="payloadOptions">The JSON hub protocol's payload options (the schemas describe what it writes).</param>
    /// <param name="isService">Tells parameters the container supplies (not on the wire), as the dispatcher does.</param>
    public AsyncApiDocumentBuilder(JsonSerializerOptions payloadOptions, Microsoft.Extensions.DependencyInjection.IServiceProviderIsService? isService)
    {
        _isService = isService;
        _serializerOptions = new JsonSerializerOptions(payloadOptions)
        {
            TypeInfoResolver = payloadOptions.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver(),
        };
        _serializerOptions.MakeReadOnly();
    }

    public JsonObject Build(IReadOnlyList<HubEndpointMetadata> hubs, AsyncApiOptions options)
    {
        var channels = new JsonObject();
        var operations = new JsonObject();
        var usedIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var hub in hubs)
        {
            var channelId = UniqueId(ChannelId(hub.Pattern), usedIds);
            var channelRef = "#/channels/" + channelId;
            var messages = new JsonObject();
            var channel = new JsonObject
            {
                ["address"] = Address(hub.Pattern, out var parameters),
                ["title"] = hub.HubType.Name,
                ["description"] = $"Hub {hub.HubType.FullName}, over the SignalR hub protocol (JSON or MessagePack) on WebSockets, Server-Sent Events or long polling; negotiate at {hub.Pattern.TrimEnd('/')}/negotiate.",
                ["messages"] = messages,
            };
            if (parameters.Count > 0)
            {
                channel["parameters"] = parameters;
            }

            channels[channelId] = channel;
            var table = HubMethodTable.Build(hub.HubType, _isService);
            foreach (var method in table.Methods.OrderBy(m => m.Name, StringComparer.Ordinal))
            {
                AddServerMethod(method, channelId, channelRef, messages, operations);
            }

            if (ClientInterface(hub.HubType) is { } client)
            {
                foreach (var (info, method) in TypedClientContract.Build(client).OrderBy(m => m.Value.Name, StringComparer.Ordinal))
                {
                    AddClientMethod(info, method, channelId, channelRef, messages, operations);
                }
            }
        }

        var document = new JsonObject
        {
            ["asyncapi"] = "3.0.0",
            ["info"] = new JsonObject
            {
                ["title"] = options.Title,
                ["version"] = options.Version,
                ["description"] = options.Description,
            },
            ["defaultContentType"] = "application/json",
            ["channels"] = channels,
            ["operations"] = operations,
        };
        return document;
    }

    private void AddServerMethod(HubMethodDescriptor method, string channelId, string channelRef, JsonObject messages, JsonObject operations)
    {
        var parameters = method.Method.GetParameters();
        var items = new JsonArray();
        var streams = new JsonArray();
        for (var i = 0; i < method.Parameters.Length; i++)
        {
            var parameter = method.Parameters[i];
            if (parameter.Kind == HubParameterKind.Wire)
            {
                items.Add(Titled(Schema(parameter.Type), parameters[i].Name!));
            }
            else if (parameter.Kind == HubParameterKind.ClientStream)
            {
                streams.Add(new JsonObject
                {
                    ["name"] = parameters[i].Name,
                    ["items"] = Schema(StreamItemType(parameter.Type) ?? typeof(object)),
                });
            }
        }

        var messageId = UniqueKey(method.Name, messages);
        var message = new JsonObject
        {
            ["name"] = method.Name,
            ["title"] = method.Name,
            ["summary"] = $"{(method.IsStreaming ? "StreamInvocation" : "Invocation")} of the hub method {method.Name}.",
            ["payload"] = Tuple(items),
        };
        if (streams.Count > 0)
        {
            message["x-client-streams"] = streams;
        }

        messages[messageId] = message;

        var resultType = HubMethodInvoker.GetAwaitedResultType(method.Method.ReturnType);
        var streamItem = method.IsStreaming ? StreamItemType(resultType) : null;
        var replyId = UniqueKey(method.Name + ".result", messages);
        messages[replyId] = new JsonObject
        {
            ["name"] = method.Name + ".result",
            ["summary"] = streamItem is not null
                ? $"Each StreamItem of {method.Name}, then a Completion."
                : $"The Completion of {method.Name}: its result, or an error.",
            ["payload"] = streamItem is not null ? Schema(streamItem) : resultType == typeof(void) ? new JsonObject { ["type"] = "null" } : Schema(resultType),
        };

        var operation = new JsonObject
        {
            ["action"] = "receive",
            ["channel"] = Ref(channelRef),
            ["title"] = method.Name,
            ["summary"] = $"Clients invoke {method.Name} on the server.",
            ["messages"] = new JsonArray(Ref($"{channelRef}/messages/{messageId}")),
            ["reply"] = new JsonObject
            {
                ["channel"] = Ref(channelRef),
                ["messages"] = new JsonArray(Ref($"{channelRef}/messages/{replyId}")),
            },
        };
        if (method.IsStreaming)
        {
            operation["x-streaming"] = true;
        }

        operations[UniqueKey($"{channelId}.{method.Name}", operations)] = operation;
    }

    private void AddClientMethod(MethodInfo info, TypedClientMethod method, string channelId, string channelRef, JsonObject messages, JsonObject operations)
    {
        var items = new JsonArray();
        foreach (var parameter in info.GetParameters())
        {
            if (parameter.ParameterType != typeof(CancellationToken))
            {
                items.Add(Titled(Schema(parameter.ParameterType), parameter.Name!));
            }
        }

        var messageId = UniqueKey("client." + method.Name, messages);
        messages[messageId] = new JsonObject
        {
            ["name"] = method.Name,
            ["title"] = method.Name,
            ["summary"] = $"Invocation of the client method {method.Name}.",
            ["payload"] = Tuple(items),
        };
        var operation = new JsonObject
        {
            ["action"] = "send",
            ["channel"] = Ref(channelRef),
            ["title"] = method.Name,
            ["summary"] = $"The server invokes {method.Name} on clients.",
            ["messages"] = new JsonArray(Ref($"{channelRef}/messages/{messageId}")),
        };

        var resultType = HubMethodInvoker.GetAwaitedResultType(info.ReturnType);
        if (resultType != info.ReturnType && resultType != typeof(void))
        {
            // Task<T>: a client result, answered with a Completion.
            var replyId = UniqueKey("client." + method.Name + ".result", messages);
            messages[replyId] = new JsonObject
            {
                ["name"] = method.Name + ".result",
                ["summary"] = $"The client's result of {method.Name}.",
                ["payload"] = Schema(resultType),
            };
            operation["reply"] = new JsonObject
            {
                ["channel"] = Ref(channelRef),
                ["messages"] = new JsonArray(Ref($"{channelRef}/messages/{replyId}")),
            };
        }

        operations[UniqueKey($"{channelId}.client.{method.Name}", operations)] = operation;
    }

    private JsonNode Schema(Type type)
    {
        var node = _serializerOptions.GetJsonSchemaAsNode(type, ExporterOptions);
        // The exporter answers "true" (anything) for object and similar types; the AsyncAPI schema format wants an object.
        return node is JsonObject ? node : new JsonObject();
    }

    private static JsonObject Titled(JsonNode schema, string name)
    {
        var titled = (JsonObject)schema;
        if (titled.ContainsKey("$ref"))
        {
            return new JsonObject { ["title"] = name, ["allOf"] = new JsonArray(titled) };
        }

        titled.Insert(0, "title", name);
        return titled;
    }

    // The invocation's "arguments" array: positional, one schema per wire parameter (JSON Schema draft 7 tuple form).
    private static JsonObject Tuple(JsonArray items)
    {
        var tuple = new JsonObject { ["type"] = "array" };
        if (items.Count > 0)
        {
            // The schema format takes a non-empty items array (or none at all).
            tuple["items"] = items;
            tuple["additionalItems"] = false;
        }

        tuple["minItems"] = items.Count;
        tuple["maxItems"] = items.Count;
        return tuple;
    }

    private static JsonObject Ref(string pointer) => new() { ["$ref"] = pointer };

    private static Type? StreamItemType(Type type)
    {
        foreach (var candidate in new[] { type }.Concat(type.GetInterfaces()))
        {
            if (candidate.IsGenericType && candidate.GetGenericTypeDefinition() == typeof(IAsyncEnumerable<>))
            {
                return candidate.GetGenericArguments()[0];
            }
        }

        for (var t = type; t is not null; t = t.BaseType)
        {
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(ChannelReader<>))
            {
                return t.GetGenericArguments()[0];
            }
        }

        return null;
    }

    private static Type? ClientInterface(Type hubType)
    {
        for (var type = hubType; type is not null; type = type.BaseType)
        {
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Hub<>))
            {
                return type.GetGenericArguments()[0];
            }
        }

        return null;
    }

    // Route parameters ({tenant}, {id:int}) become AsyncAPI channel parameters ({tenant}, {id}).
    private static string Address(string pattern, out JsonObject parameters)
    {
        parameters = new JsonObject();
        var parsed = RoutePatternFactory.Parse(pattern);
        var segments = new List<string>();
        foreach (var segment in parsed.PathSegments)
        {
            var text = new System.Text.StringBuilder();
            foreach (var part in segment.Parts)
            {
                switch (part)
                {
                    case RoutePatternLiteralPart literal:
                        text.Append(literal.Content);
                        break;
                    case RoutePatternSeparatorPart separator:
                        text.Append(separator.Content);
                        break;
                    case RoutePatternParameterPart parameter:
                        text.Append('{').Append(parameter.Name).Append('}');
                        parameters[parameter.Name] = new JsonObject { ["description"] = $"The route value '{parameter.Name}'." };
                        break;
                }
            }

            segments.Add(text.ToString());
        }

        return "/" + string.Join('/', segments);
    }

    private static string ChannelId(string pattern)
    {
        var id = new System.Text.StringBuilder();
        foreach (var c in pattern)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                id.Append(c);
            }
            else if (id.Length > 0 && id[^1] != '_')
            {
                id.Append('_');
            }
        }

        var trimmed = id.ToString().Trim('_');
        return trimmed.Length == 0 ? "root" : trimmed;
    }

    private static string UniqueId(string id, HashSet<string> used)
    {
        var candidate = id;
        for (var i = 2; !used.Add(candidate); i++)
        {
            candidate = $"{id}_{i}";
        }

        return candidate;
    }

    private static string UniqueKey(string key, JsonObject existing)
    {
        var candidate = key;
        for (var i = 2; existing.ContainsKey(candidate); i++)
        {
            candidate = $"{key}_{i}";
        }

        return candidate;
    }
}
