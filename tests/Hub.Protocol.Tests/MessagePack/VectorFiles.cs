namespace HubFramework.Protocol.Tests.MessagePack;

/// <summary>Where the Node side keeps its data: $HUB_REPO_ROOT (set by test.sh), else the folder above holding HubFramework.sln.</summary>
internal static class VectorFiles
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string ProtocolVectors => Path.Combine(RepositoryRoot, "tests", "ProtocolVectors");

    public static string Out => Path.Combine(ProtocolVectors, "out");

    public static string TestSuite => Path.Combine(ProtocolVectors, "node_modules", "msgpack-test-suite", "dist", "msgpack-test-suite.json");

    /// <summary>The file's text, or a failure telling how to produce it (never a silent skip).</summary>
    public static string ReadRequired(string path, string howToProduce)
    {
        Assert.True(File.Exists(path), $"{path} does not exist: {howToProduce}");
        return File.ReadAllText(path);
    }

    private static string FindRoot()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("HUB_REPO_ROOT");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "HubFramework.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"HubFramework.sln not found above {AppContext.BaseDirectory}; set HUB_REPO_ROOT.");
    }
}
