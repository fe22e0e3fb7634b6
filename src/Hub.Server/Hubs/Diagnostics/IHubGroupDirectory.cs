namespace HubFramework.Server.Hubs.Diagnostics;

/// <summary>
/// The groups a hub lifetime manager holds on this node, for the inspector. <see cref="DefaultHubLifetimeManager{THub}"/>
/// implements it; another lifetime manager may (the inspector shows no groups for one that does not).
/// </summary>
internal interface IHubGroupDirectory
{
    /// <summary>Each non-empty group with its member count on this node.</summary>
    IEnumerable<(string Name, int Members)> Groups();

    /// <summary>The groups one connection is in.</summary>
    IReadOnlyList<string> GroupsOf(string connectionId);
}
