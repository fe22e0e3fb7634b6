using System.IO.Pipelines;

namespace HubFramework.Server.Connections;

/// <summary>The application's view of a connection: inbound reader, and the current outbound writer.</summary>
internal sealed class ConnectionDuplexPipe : IDuplexPipe
{
    private readonly HttpClientConnection _connection;

    public ConnectionDuplexPipe(HttpClientConnection connection) => _connection = connection;

    public PipeReader Input => _connection.ApplicationInput;

    public PipeWriter Output => _connection.ApplicationOutput;
}
