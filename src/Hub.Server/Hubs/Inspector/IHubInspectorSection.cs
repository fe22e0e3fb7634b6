namespace HubFramework.Server.Hubs;

/// <summary>
/// A section of the hub inspector contributed by a feature (rooms and presence, a backplane, an application): register
/// implementations in DI and the page shows each as a table. Rows are serialized with System.Text.Json; each row's
/// properties become the columns.
/// </summary>
public interface IHubInspectorSection
{
    /// <summary>The section's heading, e.g. "Rooms".</summary>
    string Title { get; }

    /// <summary>The rows to show now.</summary>
    /// <param name="cancellationToken">Cancelled when the request is.</param>
    ValueTask<IReadOnlyList<object>> GetRowsAsync(CancellationToken cancellationToken);
}
