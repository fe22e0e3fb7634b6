using System.Buffers;
using HubFramework.Protocol;

namespace HubFramework.Client.Http;

internal sealed partial class HttpConnection
{
    private async Task NegotiateAndStartAsync(CancellationToken cancellationToken)
    {
        var skipped = new List<TransportSkip>();
        var (url, negotiation) = await NegotiateFollowingRedirectsAsync(_options.Url!, cancellationToken).ConfigureAwait(false);
        var transferFormatName = _transferFormat == TransferFormat.Binary ? "Binary" : "Text";

        foreach (var type in PreferenceOrder)
        {
            if ((_options.Transports & type) == 0)
            {
                Skip(skipped, new TransportSkip(type, "not enabled in the client's HttpConnectionOptions.Transports"));
                continue;
            }

            try
            {
                // A failed attempt may have cost the server its connection: negotiate afresh before the next one.
                negotiation ??= await NegotiateAsync(url, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                Skip(skipped, new TransportSkip(type, $"negotiation before trying it failed: {ex.Message}", ex));
                continue;
            }

            var offered = negotiation.AvailableTransports?.FirstOrDefault(t => string.Equals(t.Transport, type.ToString(), StringComparison.Ordinal));
            if (offered is null)
            {
                Skip(skipped, new TransportSkip(type, "not offered by the server"));
                continue;
            }

            if (!offered.TransferFormats.Contains(transferFormatName, StringComparer.Ordinal))
            {
                Skip(skipped, new TransportSkip(type, $"it does not support the {transferFormatName} transfer format the hub protocol needs"));
                continue;
            }

            var transportUrl = ConnectionUrl.WithConnectionId(url, negotiation.ConnectionToken ?? negotiation.ConnectionId);
            try
            {
                await StartTransportAsync(type, transportUrl, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                Skip(skipped, new TransportSkip(type, $"failed to connect: {ex.Message}", ex));
                negotiation = null;
                continue;
            }

            ConnectionId = negotiation.ConnectionId;
            IsStatefulReconnectEnabled = _options.UseStatefulReconnect && negotiation.UseStatefulReconnect && type == HttpTransportType.WebSockets;
            SkippedTransports = skipped;
            Extensions = negotiation.Extensions ?? [];
            HttpConnectionLog.TransportSelected(_logger, type, ConnectionId);
            return;
        }

        throw new TransportFallbackException(skipped);
    }

    private void Skip(List<TransportSkip> skipped, TransportSkip skip)
    {
        skipped.Add(skip);
        HttpConnectionLog.TransportSkipped(_logger, skip.Transport, skip.Reason);
    }

    private async Task<(Uri Url, NegotiationResponse Response)> NegotiateFollowingRedirectsAsync(Uri url, CancellationToken cancellationToken)
    {
        for (var redirects = 0; ; redirects++)
        {
            var response = await NegotiateAsync(url, cancellationToken).ConfigureAwait(false);
            if (response.Url is null)
            {
                return (url, response);
            }

            if (redirects >= _options.MaximumRedirects)
            {
                throw new InvalidOperationException($"Negotiation redirected more than {_options.MaximumRedirects} times.");
            }

            if (!Uri.TryCreate(response.Url, UriKind.Absolute, out var redirected))
            {
                throw new InvalidOperationException($"Negotiation redirected to an invalid URL '{response.Url}'.");
            }

            HttpConnectionLog.Redirected(_logger, SecretRedaction.Redact(redirected));
            url = redirected;
            if (response.AccessToken is not null)
            {
                // The redirect's token replaces the provider's for the rest of this connection.
                _requestHandler.AccessToken = response.AccessToken;
                // The redirect's token is the service's, not the provider's: a 401 now means it is no longer valid.
                _requestHandler.AccessTokenProvider = null;
            }
        }
    }

    private async Task<NegotiationResponse> NegotiateAsync(Uri url, CancellationToken cancellationToken)
    {
        var negotiateUrl = ConnectionUrl.Negotiate(url, _options.UseStatefulReconnect);
        HttpConnectionLog.Negotiating(_logger, SecretRedaction.Redact(negotiateUrl));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.HttpRequestTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, negotiateUrl) { Content = new ByteArrayContent([]) };
        using var response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(
                $"Negotiation failed: the server answered {(int)response.StatusCode} {response.ReasonPhrase}.", null, response.StatusCode);
        }

        var body = await ReadBoundedAsync(response.Content, _options.MaximumNegotiateResponseSize, timeout.Token).ConfigureAwait(false);
        NegotiationResponse negotiation;
        try
        {
            negotiation = NegotiateProtocol.ParseResponse(body.Span);
        }
        catch (Exception ex)
        {
            throw new InvalidDataException($"The negotiate response is not valid: {ex.Message}", ex);
        }

        if (negotiation.Error is not null)
        {
            throw new HubException($"The server refused the connection during negotiation: {negotiation.Error}");
        }

        return negotiation;
    }

    private static async Task<ReadOnlyMemory<byte>> ReadBoundedAsync(HttpContent content, int limit, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new ArrayBufferWriter<byte>(Math.Min(limit, 4096));
        while (true)
        {
            var memory = buffer.GetMemory(1024);
            var read = await stream.ReadAsync(memory, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return buffer.WrittenMemory;
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > limit)
            {
                throw new InvalidDataException($"The negotiate response is larger than {limit} bytes.");
            }
        }
    }
}
