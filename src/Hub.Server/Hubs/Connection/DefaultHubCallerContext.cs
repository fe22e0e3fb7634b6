using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace HubFramework.Server.Hubs.Connection;

/// <summary>The <see cref="HubCallerContext"/> of a connection, a thin view over its <see cref="HubConnectionContext"/>.</summary>
internal sealed class DefaultHubCallerContext : HubCallerContext
{
    private readonly HubConnectionContext _connection;

    public DefaultHubCallerContext(HubConnectionContext connection)
    {
        _connection = connection;
    }

    public override string ConnectionId => _connection.ConnectionId;

    public override string? UserIdentifier => _connection.UserIdentifier;

    public override ClaimsPrincipal? User => _connection.User;

    public override IDictionary<object, object?> Items => _connection.Items;

    public override HttpContext? HttpContext => _connection.HttpContext;

    public override CancellationToken ConnectionAborted => _connection.ConnectionAborted;

    public override string Namespace => _connection.Namespace;

    public override RouteValueDictionary RouteValues => _connection.Connection.RouteValues;

    public override void Abort() => _connection.Abort();
}
