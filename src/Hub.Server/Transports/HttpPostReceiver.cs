using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace HubFramework.Server.Transports;

/// <summary>The client-to-server half of Server-Sent Events and long polling: a POST body into the inbound pipe.</summary>
internal static class HttpPostReceiver
{
    /// <summary>
    /// Copies the whole request body into the inbound pipe (waiting while the application is behind); false when the
    /// connection's input ended first. Request and cancellation errors propagate.
    /// </summary>
    public static async Task<bool> ReceiveAsync(HttpContext context, InboundPipeGate inbound, CancellationToken cancellationToken)
    {
        var body = context.Request.BodyReader;
        while (true)
        {
            var result = await body.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            try
            {
                if (!buffer.IsEmpty)
                {
                    if (!await inbound.EnterAsync(cancellationToken).ConfigureAwait(false))
                    {
                        return false;
                    }

                    try
                    {
                        foreach (var segment in buffer)
                        {
                            inbound.Writer.Write(segment.Span);
                        }

                        var flushed = await inbound.Writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                        if (flushed.IsCompleted)
                        {
                            return false;
                        }
                    }
                    finally
                    {
                        inbound.Exit();
                    }
                }

                if (result.IsCompleted)
                {
                    return true;
                }
            }
            finally
            {
                body.AdvanceTo(buffer.End);
            }
        }
    }
}
