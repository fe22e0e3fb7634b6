namespace HubFramework.Protocol;

/// <summary>What a transport must be able to carry: text (UTF-8) or arbitrary binary. Values match the negotiate wire names.</summary>
[Flags]
public enum TransferFormat
{
    /// <summary>Arbitrary bytes ("Binary").</summary>
    Binary = 1,
    /// <summary>UTF-8 text ("Text").</summary>
    Text = 2,
}
