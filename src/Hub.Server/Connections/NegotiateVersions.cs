namespace HubFramework.Server.Connections;

/// <summary>The negotiate protocol versions this server speaks.</summary>
internal static class NegotiateVersions
{
    /// <summary>Version 1: a secret connection token, separate from the public connection id.</summary>
    public const int Latest = 1;
}
