namespace HubFramework.Server.Hubs;

/// <summary>The name clients use to invoke a hub method, when it differs from the .NET method name.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class HubMethodNameAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    public HubMethodNameAttribute(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>The name on the wire (matched case-insensitively).</summary>
    public string Name { get; }
}
