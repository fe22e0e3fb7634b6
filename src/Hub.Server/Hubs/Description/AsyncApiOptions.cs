namespace HubFramework.Server.Hubs;

/// <summary>What the AsyncAPI document of the hubs says about itself (<c>info</c>).</summary>
public sealed class AsyncApiOptions
{
    /// <summary>The document's title. Default: the entry assembly's name followed by "hubs".</summary>
    public string Title { get; set; } = $"{System.Reflection.Assembly.GetEntryAssembly()?.GetName().Name ?? "Application"} hubs";

    /// <summary>The API's version. Default: the entry assembly's version.</summary>
    public string Version { get; set; } = System.Reflection.Assembly.GetEntryAssembly()?.GetName().Version?.ToString() ?? "1.0.0";

    /// <summary>A description of the API.</summary>
    public string Description { get; set; } = "SignalR-compatible hubs: each channel is a hub endpoint; 'receive' operations are hub methods clients invoke, 'send' operations are client methods the server invokes. Message payloads describe the invocation's arguments array.";

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Title) || string.IsNullOrWhiteSpace(Version))
        {
            throw new InvalidOperationException("AsyncApiOptions.Title and Version must not be empty.");
        }
    }
}
