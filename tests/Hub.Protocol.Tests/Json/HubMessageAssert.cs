using System.Collections;
using System.Text.Json;

namespace HubFramework.Protocol.Tests.Json;

/// <summary>Structural comparison of hub messages (the message classes have reference equality).</summary>
internal static class HubMessageAssert
{
    public static void Equal(HubMessage expected, HubMessage? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.GetType(), actual.GetType());
        if (expected is HubInvocationMessage expectedInvocation)
        {
            var actualInvocation = (HubInvocationMessage)actual;
            Assert.Equal(expectedInvocation.InvocationId, actualInvocation.InvocationId);
            Assert.Equal(
                expectedInvocation.Headers is { Count: > 0 } h ? h.OrderBy(p => p.Key, StringComparer.Ordinal).ToArray() : [],
                actualInvocation.Headers is { Count: > 0 } a ? a.OrderBy(p => p.Key, StringComparer.Ordinal).ToArray() : []);
        }

        switch (expected)
        {
            case HubMethodInvocationMessage invocation:
                var actualMethod = (HubMethodInvocationMessage)actual;
                Assert.Equal(invocation.Target, actualMethod.Target);
                Assert.Equal(invocation.Arguments.Length, actualMethod.Arguments.Length);
                for (var i = 0; i < invocation.Arguments.Length; i++)
                {
                    ValueEqual(invocation.Arguments[i], actualMethod.Arguments[i]);
                }

                Assert.Equal(invocation.StreamIds ?? [], actualMethod.StreamIds ?? []);
                break;
            case StreamItemMessage item:
                ValueEqual(item.Item, ((StreamItemMessage)actual).Item);
                break;
            case CompletionMessage completion:
                var actualCompletion = (CompletionMessage)actual;
                Assert.Equal(completion.Error, actualCompletion.Error);
                Assert.Equal(completion.HasResult, actualCompletion.HasResult);
                ValueEqual(completion.Result, actualCompletion.Result);
                break;
            case CloseMessage close:
                var actualClose = (CloseMessage)actual;
                Assert.Equal(close.Error, actualClose.Error);
                Assert.Equal(close.AllowReconnect, actualClose.AllowReconnect);
                break;
            case AckMessage ack:
                Assert.Equal(ack.SequenceId, ((AckMessage)actual).SequenceId);
                break;
            case SequenceMessage sequence:
                Assert.Equal(sequence.SequenceId, ((SequenceMessage)actual).SequenceId);
                break;
        }
    }

    public static void ValueEqual(object? expected, object? actual)
    {
        if (expected is JsonElement expectedElement && actual is JsonElement actualElement)
        {
            Assert.True(JsonElement.DeepEquals(expectedElement, actualElement), $"Expected {expectedElement.GetRawText()}, got {actualElement.GetRawText()}.");
            return;
        }

        if (expected is IEnumerable expectedItems and not string && actual is IEnumerable actualItems and not string)
        {
            var left = expectedItems.Cast<object?>().ToList();
            var right = actualItems.Cast<object?>().ToList();
            Assert.Equal(left.Count, right.Count);
            for (var i = 0; i < left.Count; i++)
            {
                ValueEqual(left[i], right[i]);
            }

            return;
        }

        Assert.Equal(expected, actual);
    }
}
