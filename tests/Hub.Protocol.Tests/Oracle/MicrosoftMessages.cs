using Ms = Microsoft.AspNetCore.SignalR.Protocol;

namespace HubFramework.Protocol.Tests.Oracle;

/// <summary>Our hub messages as Microsoft's SignalR message types and back, for comparing the two protocols.</summary>
internal static class MicrosoftMessages
{
    public static Ms.HubMessage ToMicrosoft(HubMessage message)
    {
        Ms.HubMessage converted = message switch
        {
            InvocationMessage m => new Ms.InvocationMessage(m.InvocationId, m.Target, m.Arguments, m.StreamIds),
            StreamInvocationMessage m => new Ms.StreamInvocationMessage(m.InvocationId!, m.Target, m.Arguments, m.StreamIds),
            StreamItemMessage m => new Ms.StreamItemMessage(m.InvocationId!, m.Item),
            CompletionMessage m => new Ms.CompletionMessage(m.InvocationId!, m.Error, m.Result, m.HasResult),
            CancelInvocationMessage m => new Ms.CancelInvocationMessage(m.InvocationId!),
            PingMessage => Ms.PingMessage.Instance,
            CloseMessage m => new Ms.CloseMessage(m.Error, m.AllowReconnect),
            AckMessage m => new Ms.AckMessage(m.SequenceId),
            SequenceMessage m => new Ms.SequenceMessage(m.SequenceId),
            _ => throw new ArgumentException($"No Microsoft counterpart for {message.GetType().Name}."),
        };
        if (message is HubInvocationMessage { Headers: { } headers } && converted is Ms.HubInvocationMessage invocation)
        {
            invocation.Headers = new Dictionary<string, string>(headers);
        }

        return converted;
    }

    public static HubMessage FromMicrosoft(Ms.HubMessage message)
    {
        HubMessage converted = message switch
        {
            Ms.InvocationMessage m => new InvocationMessage(m.InvocationId, m.Target, m.Arguments, m.StreamIds),
            Ms.StreamInvocationMessage m => new StreamInvocationMessage(m.InvocationId!, m.Target, m.Arguments, m.StreamIds),
            Ms.StreamItemMessage m => new StreamItemMessage(m.InvocationId!, m.Item),
            Ms.CompletionMessage m => new CompletionMessage(m.InvocationId!, m.Error, m.Result, m.HasResult),
            Ms.CancelInvocationMessage m => new CancelInvocationMessage(m.InvocationId!),
            Ms.PingMessage => PingMessage.Instance,
            Ms.CloseMessage m => new CloseMessage(m.Error, m.AllowReconnect),
            Ms.AckMessage m => new AckMessage(m.SequenceId),
            Ms.SequenceMessage m => new SequenceMessage(m.SequenceId),
            Ms.InvocationBindingFailureMessage m => throw new InvalidOperationException($"Microsoft's protocol could not bind {m.Target}: {m.BindingFailure.SourceException}"),
            Ms.StreamBindingFailureMessage m => throw new InvalidOperationException($"Microsoft's protocol could not bind stream {m.Id}: {m.BindingFailure.SourceException}"),
            _ => throw new ArgumentException($"No counterpart for Microsoft's {message.GetType().Name}."),
        };
        if (message is Ms.HubInvocationMessage { Headers: { } headers } && converted is HubInvocationMessage invocation)
        {
            invocation.Headers = new Dictionary<string, string>(headers);
        }

        return converted;
    }
}

/// <summary>Microsoft's binder interface over one of ours.</summary>
internal sealed class MicrosoftBinder(IInvocationBinder binder) : Microsoft.AspNetCore.SignalR.IInvocationBinder
{
    public IReadOnlyList<Type> GetParameterTypes(string methodName) => binder.GetParameterTypes(methodName);

    public Type GetReturnType(string invocationId) => binder.GetReturnType(invocationId);

    public Type GetStreamItemType(string streamId) => binder.GetStreamItemType(streamId);
}
