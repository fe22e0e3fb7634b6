using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace HubFramework.Server.Transports;

/// <summary>Streams a connection's outbound pipe to a <c>text/event-stream</c> response, one event per read.</summary>
internal static class ServerSentEventsTransport
{
    /// <summary>Runs until the application completes, the client goes away, or <paramref name="stop"/>.</summary>
    public static async Task<TransportOutcome> RunAsync(HttpContext context, PipeReader outbound, TimeSpan sendTimeout, ILogger logger, CancellationToken stop)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        // Proxies (nginx) and response compression would otherwise hold events back.
        response.Headers["X-Accel-Buffering"] = "no";
        response.Headers.ContentEncoding = "identity";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        var aborted = context.RequestAborted;
        using var cancelOnStop = stop.UnsafeRegister(static state => ((PipeReader)state!).CancelPendingRead(), outbound);
        using var cancelOnAbort = aborted.UnsafeRegister(static state => ((PipeReader)state!).CancelPendingRead(), outbound);
        using var timer = new SendTimer(sendTimeout);

        try
        {
            response.BodyWriter.Write(ServerSentEventsFormatter.OpeningComment);
            await response.BodyWriter.FlushAsync(aborted).ConfigureAwait(false);
        }
        catch (Exception)
        {
            TransportLog.ServerSentEventsClientGone(logger);
            return TransportOutcome.Faulted;
        }

        while (true)
        {
            ReadResult result;
            try
            {
                result = await outbound.ReadAsync().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                TransportLog.ApplicationFaulted(logger, ex);
                return TransportOutcome.ApplicationCompleted;
            }

            var buffer = result.Buffer;
            try
            {
                if (result.IsCanceled)
                {
                    if (stop.IsCancellationRequested)
                    {
                        return TransportOutcome.Stopped;
                    }

                    if (aborted.IsCancellationRequested)
                    {
                        TransportLog.ServerSentEventsClientGone(logger);
                        return TransportOutcome.Faulted;
                    }

                    continue;
                }

                if (!buffer.IsEmpty)
                {
                    ServerSentEventsFormatter.WriteEvent(buffer, response.BodyWriter);
                    var flushed = await response.BodyWriter.FlushAsync(timer.Start()).ConfigureAwait(false);
                    if (flushed.IsCanceled || flushed.IsCompleted)
                    {
                        TransportLog.ServerSentEventsClientGone(logger);
                        return TransportOutcome.Faulted;
                    }
                }

                if (result.IsCompleted)
                {
                    return TransportOutcome.ApplicationCompleted;
                }
            }
            catch (Exception)
            {
                if (timer.Expired)
                {
                    TransportLog.SendTimedOut(logger, timer.Timeout);
                }
                else
                {
                    TransportLog.ServerSentEventsClientGone(logger);
                }

                return TransportOutcome.Faulted;
            }
            finally
            {
                timer.Stop();
                outbound.AdvanceTo(buffer.End);
            }
        }
    }
}
