using System.Text.Json;

namespace HubFramework.Protocol.Json;

/// <summary>Property names of the JSON hub protocol, pre-encoded for writing.</summary>
internal static class JsonHubPropertyNames
{
    public static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
    public static readonly JsonEncodedText InvocationId = JsonEncodedText.Encode("invocationId");
    public static readonly JsonEncodedText Target = JsonEncodedText.Encode("target");
    public static readonly JsonEncodedText Arguments = JsonEncodedText.Encode("arguments");
    public static readonly JsonEncodedText StreamIds = JsonEncodedText.Encode("streamIds");
    public static readonly JsonEncodedText Headers = JsonEncodedText.Encode("headers");
    public static readonly JsonEncodedText Item = JsonEncodedText.Encode("item");
    public static readonly JsonEncodedText Result = JsonEncodedText.Encode("result");
    public static readonly JsonEncodedText Error = JsonEncodedText.Encode("error");
    public static readonly JsonEncodedText AllowReconnect = JsonEncodedText.Encode("allowReconnect");
    public static readonly JsonEncodedText SequenceId = JsonEncodedText.Encode("sequenceId");
}
