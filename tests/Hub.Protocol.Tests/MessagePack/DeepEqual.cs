using System.Collections;
using System.Text.Json;
using HubFramework.Protocol;

namespace HubFramework.Protocol.Tests.MessagePack;

/// <summary>Structural comparison of values and hub messages (arrays, lists and dictionaries by content).</summary>
internal static class DeepEqual
{
    public static void Values(object? expected, object? actual, string path = "value")
    {
        switch (expected)
        {
            case null:
                Assert.True(actual is null, $"{path}: expected null, got {Describe(actual)}");
                return;
            case string or byte[]:
                break;
            case IDictionary expectedMap:
                var actualMap = Assert.IsAssignableFrom<IDictionary>(actual);
                Assert.True(expectedMap.Count == actualMap.Count, $"{path}: expected {expectedMap.Count} entries, got {actualMap.Count}");
                foreach (DictionaryEntry entry in expectedMap)
                {
                    Assert.True(actualMap.Contains(entry.Key), $"{path}: key '{entry.Key}' missing");
                    Values(entry.Value, actualMap[entry.Key], $"{path}[{entry.Key}]");
                }

                return;
            case IEnumerable expectedItems when expected.GetType().IsArray || expected is IList:
                var actualItems = Assert.IsAssignableFrom<IEnumerable>(actual).Cast<object?>().ToList();
                var expectedList = expectedItems.Cast<object?>().ToList();
                Assert.True(expectedList.Count == actualItems.Count, $"{path}: expected {expectedList.Count} items, got {actualItems.Count}");
                for (int i = 0; i < expectedList.Count; i++)
                {
                    Values(expectedList[i], actualItems[i], $"{path}[{i}]");
                }

                return;
        }

        Assert.True(actual is not null, $"{path}: expected {Describe(expected)}, got null");
        Assert.True(expected.GetType() == actual!.GetType(), $"{path}: expected {expected.GetType().Name}, got {actual.GetType().Name}");
        if (expected is byte[] expectedBytes)
        {
            Assert.Equal(expectedBytes, (byte[])actual);
            return;
        }

        switch (expected)
        {
            case DateTime expectedDate:
                Assert.Equal(expectedDate.Kind, ((DateTime)actual).Kind);
                break;
            case JsonElement expectedElement:
                Assert.Equal(expectedElement.GetRawText(), ((JsonElement)actual).GetRawText());
                return;
            case ReadOnlyMemory<byte> expectedMemory:
                Assert.Equal(expectedMemory.ToArray(), ((ReadOnlyMemory<byte>)actual).ToArray());
                return;
            default:
                if (!expected.GetType().IsValueType && !typeof(IEquatable<>).MakeGenericType(expected.GetType()).IsAssignableFrom(expected.GetType())
                    || expected.GetType().GetProperties().Any(p => p.PropertyType.IsArray))
                {
                    // Plain classes and records holding arrays: compare their JSON forms.
                    Assert.Equal(JsonSerializer.Serialize(expected, expected.GetType()), JsonSerializer.Serialize(actual, actual.GetType()));
                    return;
                }

                break;
        }

        Assert.True(expected.Equals(actual), $"{path}: expected {Describe(expected)}, got {Describe(actual)}");
    }

    public static void Messages(HubMessage expected, HubMessage? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.GetType(), actual.GetType());
        if (expected is HubInvocationMessage expectedInvocation)
        {
            var actualInvocation = (HubInvocationMessage)actual;
            Assert.Equal(expectedInvocation.InvocationId, actualInvocation.InvocationId);
            Assert.Equal(expectedInvocation.Headers?.OrderBy(h => h.Key), actualInvocation.Headers?.OrderBy(h => h.Key));
        }

        switch (expected)
        {
            case HubMethodInvocationMessage invocation:
                var other = (HubMethodInvocationMessage)actual;
                Assert.Equal(invocation.Target, other.Target);
                Assert.Equal(invocation.StreamIds, other.StreamIds);
                Values(invocation.Arguments, other.Arguments, "arguments");
                break;
            case StreamItemMessage item:
                Values(item.Item, ((StreamItemMessage)actual).Item, "item");
                break;
            case CompletionMessage completion:
                var otherCompletion = (CompletionMessage)actual;
                Assert.Equal(completion.Error, otherCompletion.Error);
                Assert.Equal(completion.HasResult, otherCompletion.HasResult);
                Values(completion.Result, otherCompletion.Result, "result");
                break;
            case CloseMessage close:
                Assert.Equal(close.Error, ((CloseMessage)actual).Error);
                Assert.Equal(close.AllowReconnect, ((CloseMessage)actual).AllowReconnect);
                break;
            case AckMessage ack:
                Assert.Equal(ack.SequenceId, ((AckMessage)actual).SequenceId);
                break;
            case SequenceMessage sequence:
                Assert.Equal(sequence.SequenceId, ((SequenceMessage)actual).SequenceId);
                break;
        }
    }

    private static string Describe(object? value) => value is null ? "null" : $"{value} ({value.GetType().Name})";
}
