using HubFramework.Protocol;

namespace HubFramework.Security.Tests.Redaction;

public class SecretRedactionTests
{
    [Theory]
    [InlineData("GET http://h/hubs/chat?id=node.abc123&access_token=eyJhbGciOi.x.y HTTP/1.1", "GET http://h/hubs/chat?id=[redacted]&access_token=[redacted] HTTP/1.1")]
    [InlineData("/hub?access_token=t1&id=c1#frag", "/hub?access_token=[redacted]&id=[redacted]#frag")]
    [InlineData("Request starting POST /hub/negotiate?negotiateVersion=1&ACCESS_TOKEN=abc - -", "Request starting POST /hub/negotiate?negotiateVersion=1&ACCESS_TOKEN=[redacted] - -")]
    [InlineData("Authorization: Bearer abc.def.ghi, next", "Authorization: Bearer [redacted], next")]
    [InlineData("\"url\":\"/hub?id=x\"", "\"url\":\"/hub?id=[redacted]\"")]
    public void SecretsAreReplaced(string text, string expected)
    {
        Assert.True(SecretRedaction.ContainsSecret(text));
        Assert.Equal(expected, SecretRedaction.Redact(text));
    }

    [Theory]
    [InlineData("/hub?userid=7&paid=1")]
    [InlineData("Connection 3f2a ended after 00:00:01.")]
    [InlineData("id=at the start is not a query parameter")]
    public void EverythingElseIsLeftAlone(string text)
    {
        Assert.False(SecretRedaction.ContainsSecret(text));
        Assert.Same(text, SecretRedaction.Redact(text));
    }

    [Fact]
    public void AUriIsRedactedAsWritten()
        => Assert.Equal("ws://h/hub?id=[redacted]", SecretRedaction.Redact(new Uri("ws://h/hub?id=a%2Bb")));
}
