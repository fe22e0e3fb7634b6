using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace HubFramework.Server.Transports;

/// <summary>Answers one long poll from a connection's outbound pipe.</summary>
internal static class LongPollingTransport
{
    private const string ContentType = "application/octet-stream";

    /// <summary>
    /// Waits up to <paramref name="pollTimeout"/> for bytes and answers the poll: 200 with what is pending, 200 empty
    /// on timeout, 204 when <paramref name="stop"/> fires (bytes stay for the next poll) or the application finished.
    /// </summary>
    public static async Task<LongPollOutcome> PollAsync(HttpContext context, PipeReader outbound, TimeSpan pollTimeout, ILogger logger, CancellationToken stop)
    {
        var aborted = context.RequestAborted;
        using var timeout = new CancellationTokenSource(pollTimeout);
        using var cancelOnStop = stop.UnsafeRegister(static state => ((PipeReader)state!).CancelPendingRead(), outbound);
        using var cancelOnAbort = aborted.UnsafeRegister(static state => ((PipeReader)state!).CancelPendingRead(), outbound);
        using var cancelOnTimeout = timeout.Token.UnsafeRegister(static state => ((PipeReader)state!).CancelPendingRead(), outbound);

        while (true)
        {
            ReadResult result;
            try
            {
                result = await outbound.ReadAsync().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // The application ended with an error; the connection is over.
                TransportLog.ApplicationFaulted(logger, ex);
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                return LongPollOutcome.ApplicationCompleted;
            }

            var buffer = result.Buffer;
            var consumed = buffer.Start;
            var examined = buffer.Start;
            try
            {
                if (stop.IsCancellationRequested)
                {
                    context.Response.StatusCode = StatusCodes.Status204NoContent;
                    return LongPollOutcome.Stopped;
                }

                if (!buffer.IsEmpty)
                {
                    // Once written, the bytes count as sent even if the client vanished meanwhile (as the spec says).
                    consumed = buffer.End;
                    examined = buffer.End;
                    return await WriteAsync(context, buffer, logger, aborted).ConfigureAwait(false);
                }

                if (result.IsCompleted)
                {
                    context.Response.StatusCode = StatusCodes.Status204NoContent;
                    return LongPollOutcome.ApplicationCompleted;
                }

                if (aborted.IsCancellationRequested)
                {
                    TransportLog.PollClientGone(logger);
                    return LongPollOutcome.ClientGone;
                }

                if (timeout.IsCancellationRequested)
                {
                    TransportLog.PollTimedOut(logger);
                    context.Response.StatusCode = StatusCodes.Status200OK;
                    context.Response.ContentLength = 0;
                    return LongPollOutcome.TimedOut;
                }

                // A cancellation left over from an earlier poll; wait for data again.
                examined = buffer.End;
            }
            finally
            {
                outbound.AdvanceTo(consumed, examined);
            }
        }
    }

    private static async Task<LongPollOutcome> WriteAsync(HttpContext context, System.Buffers.ReadOnlySequence<byte> buffer, ILogger logger, CancellationToken aborted)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.ContentLength = buffer.Length;
        try
        {
            foreach (var segment in buffer)
            {
                await response.BodyWriter.WriteAsync(segment, aborted).ConfigureAwait(false);
            }

            TransportLog.PollReturnedData(logger, buffer.Length);
            return LongPollOutcome.Delivered;
        }
        catch (Exception)
        {
            TransportLog.PollClientGone(logger);
            return LongPollOutcome.ClientGone;
        }
    }
}
