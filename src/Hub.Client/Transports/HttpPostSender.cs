using System.IO.Pipelines;
using System.Net.Http.Headers;
using HubFramework.Protocol;
using Microsoft.Extensions.Logging;

namespace HubFramework.Client.Transports;

/// <summary>
/// The client-to-server half of the Server-Sent Events and long-polling transports: whatever the connection has
/// flushed is POSTed to the connection URL, one request at a time (the server refuses overlapping sends).
/// </summary>
internal static class HttpPostSender
{
    private static readonly MediaTypeHeaderValue TextContentType = new("text/plain") { CharSet = "utf-8" };
    private static readonly MediaTypeHeaderValue BinaryContentType = new("application/octet-stream");

    /// <summary>Sends until the connection completes its output or the token is cancelled; throws when a send fails.</summary>
    public static async Task RunAsync(
        HttpClient client, Uri url, TransferFormat transferFormat, PipeReader input, TimeSpan requestTimeout, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = result.Buffer;
                try
                {
                    if (result.IsCanceled)
                    {
                        return;
                    }

                    if (!buffer.IsEmpty)
                    {
                        TransportLog.PostingMessages(logger, buffer.Length);
                        using var request = new HttpRequestMessage(HttpMethod.Post, url)
                        {
                            Content = new ReadOnlySequenceContent(buffer),
                        };
                        request.Content.Headers.ContentType = transferFormat == TransferFormat.Binary ? BinaryContentType : TextContentType;
                        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                        timeout.CancelAfter(requestTimeout);
                        using var response = await client.SendAsync(request, timeout.Token).ConfigureAwait(false);
                        if (!response.IsSuccessStatusCode)
                        {
                            throw new HttpRequestException(
                                $"Sending to the server failed: it answered {(int)response.StatusCode} {response.ReasonPhrase}.",
                                null,
                                response.StatusCode);
                        }
                    }

                    if (result.IsCompleted)
                    {
                        return;
                    }
                }
                finally
                {
                    input.AdvanceTo(buffer.End);
                }
            }
        }
        finally
        {
            await input.CompleteAsync().ConfigureAwait(false);
        }
    }
}
