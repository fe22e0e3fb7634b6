using System.Text.Encodings.Web;
using System.Text.Json;

namespace HubFramework.Protocol.Json;

/// <summary>Settings of <see cref="JsonHubProtocol"/>.</summary>
public sealed class JsonHubProtocolOptions
{
    /// <summary>The default nesting limit of a message (the message object itself counts as one level).</summary>
    public const int DefaultMaxDepth = 64;

    /// <summary>
    /// How arguments, stream items and results are serialized. Its <see cref="JsonSerializerOptions.MaxDepth"/>
    /// (0 meaning <see cref="DefaultMaxDepth"/>) also limits the nesting of whole messages: deeper input is a
    /// protocol error. Its <see cref="JsonSerializerOptions.Encoder"/> escapes the strings written.
    /// The default is <see cref="CreateDefaultSerializerOptions"/>.
    /// </summary>
    public JsonSerializerOptions PayloadSerializerOptions { get; set; } = CreateDefaultSerializerOptions();

    /// <summary>
    /// The default payload settings: camelCase property names, case-insensitive property matching when reading,
    /// numbers only as JSON numbers, and no escaping of non-ASCII or HTML-sensitive characters (the JSON is never
    /// embedded in HTML; this matches what JavaScript's <c>JSON.stringify</c> writes).
    /// </summary>
    public static JsonSerializerOptions CreateDefaultSerializerOptions() => new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        MaxDepth = DefaultMaxDepth,
    };
}
