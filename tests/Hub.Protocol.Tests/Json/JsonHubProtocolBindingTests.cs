using System.Buffers;
using System.Text;
using System.Text.Json;
using HubFramework.Protocol.Json;

namespace HubFramework.Protocol.Tests.Json;

public class JsonHubProtocolBindingTests
{
    private static readonly JsonHubProtocol Protocol = new();

    private static MessageBinder AddBinder()
    {
        var binder = new MessageBinder();
        binder.Methods["Add"] = [typeof(int), typeof(int)];
        binder.Methods["Greet"] = [typeof(Person)];
        binder.Methods["Any"] = [typeof(object)];
        binder.StreamItemTypes["s"] = typeof(int);
        binder.ReturnTypes["r"] = typeof(Person);
        return binder;
    }

    [Theory]
    [InlineData("""{"type":1,"invocationId":"1","target":"Add","arguments":[1]}""", "Invocation provides 1 argument(s) but target expects 2.")]
    [InlineData("""{"type":1,"invocationId":"1","target":"Add","arguments":[1,2,3]}""", "Invocation provides 3 argument(s) but target expects 2.")]
    [InlineData("""{"arguments":[1,2,[3]],"type":1,"invocationId":"1","target":"Add"}""", "Invocation provides 3 argument(s) but target expects 2.")]
    public void WrongArgumentCountIsABindingFailure(string json, string error)
    {
        var failure = Assert.IsType<InvocationBindingFailureMessage>(Parse(json, AddBinder()));
        Assert.Equal("1", failure.InvocationId);
        Assert.Equal("Add", failure.Target);
        Assert.Equal(error, failure.BindingFailure.SourceException.Message);
    }

    [Theory]
    [InlineData("""{"type":1,"invocationId":"1","target":"Add","arguments":["one",2]}""")]
    [InlineData("""{"type":1,"invocationId":"1","target":"Add","arguments":[1.5,2]}""")]
    [InlineData("""{"type":1,"invocationId":"1","target":"Add","arguments":[null,2]}""")]
    [InlineData("""{"type":1,"invocationId":"1","target":"Add","arguments":[{"a":[1,2]},2]}""")]
    [InlineData("""{"type":1,"invocationId":"1","target":"Greet","arguments":[[1,2,3]]}""")]
    [InlineData("""{"arguments":[1,"two"],"invocationId":"1","target":"Add","type":1}""")]
    public void WrongArgumentTypeIsABindingFailure(string json)
    {
        var failure = Assert.IsType<InvocationBindingFailureMessage>(Parse(json, AddBinder()));
        Assert.Equal("1", failure.InvocationId);
        Assert.IsType<JsonException>(failure.BindingFailure.SourceException);
    }

    [Fact]
    public void BindingFailureRecoversAcrossSegments()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"type":1,"invocationId":"1","target":"Add","arguments":[1,{"x":["y"]},3],"headers":{"a":"b"}}""" + "\u001e");
        var input = Framing.SegmentedSequence.Create(bytes, segmentSize: 1);
        Assert.True(Protocol.TryParseMessage(ref input, AddBinder(), null, out var message));
        var failure = Assert.IsType<InvocationBindingFailureMessage>(message);
        Assert.Equal("b", failure.Headers!["a"]);
        Assert.Equal("Invocation provides 3 argument(s) but target expects 2.", failure.BindingFailure.SourceException.Message);
    }

    [Fact]
    public void UnknownMethodIsABindingFailureCarryingTheBindersException()
    {
        var failure = Assert.IsType<InvocationBindingFailureMessage>(Parse("""{"type":1,"target":"Nope","arguments":[1]}""", AddBinder()));
        Assert.Null(failure.InvocationId);
        Assert.Equal("Nope", failure.Target);
        Assert.Equal("Unknown method 'Nope'.", failure.BindingFailure.SourceException.Message);
    }

    [Fact]
    public void StreamInvocationBindingFailureKeepsItsId()
    {
        var failure = Assert.IsType<InvocationBindingFailureMessage>(Parse("""{"type":4,"invocationId":"7","target":"Add","arguments":[]}""", AddBinder()));
        Assert.Equal("7", failure.InvocationId);
    }

    [Fact]
    public void TheConnectionSurvivesABindingFailure()
    {
        var text = """{"type":1,"invocationId":"1","target":"Add","arguments":["x",2],"headers":{"h":"v"}}""" + "\u001e"
            + """{"type":1,"invocationId":"2","target":"Add","arguments":[1,2]}""" + "\u001e";
        var input = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(text));
        var binder = AddBinder();

        Assert.True(Protocol.TryParseMessage(ref input, binder, null, out var first));
        var failure = Assert.IsType<InvocationBindingFailureMessage>(first);
        Assert.Equal("v", failure.Headers!["h"]);
        Assert.True(Protocol.TryParseMessage(ref input, binder, null, out var second));
        HubMessageAssert.Equal(new InvocationMessage("2", "Add", [1, 2]), second);
    }

    [Fact]
    public void ObjectParametersReceiveJsonElements()
    {
        var invocation = Assert.IsType<InvocationMessage>(Parse("""{"type":1,"target":"Any","arguments":[{"x":[1,"a"]}]}""", AddBinder()));
        var element = Assert.IsType<JsonElement>(invocation.Arguments[0]);
        Assert.Equal("""{"x":[1,"a"]}""", element.GetRawText());
    }

    [Fact]
    public void StreamItemOfTheWrongTypeIsAStreamBindingFailure()
    {
        var failure = Assert.IsType<StreamBindingFailureMessage>(Parse("""{"type":2,"invocationId":"s","item":"x"}""", AddBinder()));
        Assert.Equal("s", failure.Id);
        Assert.IsType<JsonException>(failure.BindingFailure.SourceException);
    }

    [Fact]
    public void StreamItemForAnUnknownStreamIsAStreamBindingFailure()
    {
        var failure = Assert.IsType<StreamBindingFailureMessage>(Parse("""{"item":[1,{"a":2}],"type":2,"invocationId":"zz"}""", AddBinder()));
        Assert.Equal("Unknown stream 'zz'.", failure.BindingFailure.SourceException.Message);
    }

    [Fact]
    public void ResultOfTheWrongTypeBecomesACompletionError()
    {
        var completion = Assert.IsType<CompletionMessage>(Parse("""{"type":3,"invocationId":"r","result":[1]}""", AddBinder()));
        Assert.False(completion.HasResult);
        Assert.StartsWith("Error trying to deserialize result to Person. ", completion.Error);
    }

    [Fact]
    public void ResultForAnUnknownInvocationBecomesACompletionError()
    {
        var completion = Assert.IsType<CompletionMessage>(Parse("""{"result":{"a":1},"type":3,"invocationId":"q"}""", AddBinder()));
        Assert.Equal("Error binding the result of invocation 'q'. Unknown invocation 'q'.", completion.Error);
    }

    [Fact]
    public void CompletionWithErrorDoesNotAskTheBinder()
    {
        var completion = Assert.IsType<CompletionMessage>(Parse("""{"type":3,"invocationId":"unknown","error":"boom"}""", AddBinder()));
        Assert.Equal("boom", completion.Error);
    }

    [Fact]
    public void ArgumentsAreNotBoundForMessagesThatDoNotHaveThem()
    {
        // The binder would throw for "Nope"; a Ping with stray properties must not consult it.
        Assert.Same(PingMessage.Instance, Parse("""{"arguments":[1],"target":"Nope","type":6}""", AddBinder()));
    }

    private static HubMessage? Parse(string json, IInvocationBinder binder) =>
        JsonHubProtocolGoldenTests.ParseSingle(json + "\u001e", binder);
}
