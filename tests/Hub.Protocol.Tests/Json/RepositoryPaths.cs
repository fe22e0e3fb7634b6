namespace HubFramework.Protocol.Tests.Json;

/// <summary>Finds the repository: $HUB_REPO_ROOT (test.sh sets it), else the first ancestor holding HubFramework.sln.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string ProtocolVectorsOut => Path.Combine(Root, "tests", "ProtocolVectors", "out");

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
