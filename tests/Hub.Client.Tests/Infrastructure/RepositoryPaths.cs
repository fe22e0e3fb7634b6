namespace HubFramework.Client.Tests.Infrastructure;

/// <summary>Finds the repository and the built server programs the tests launch.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string BuildConfiguration { get; } =
        Environment.GetEnvironmentVariable("HUB_BUILD_CONFIGURATION") is { Length: > 0 } configuration ? configuration : "Release";

    /// <summary>tests/{project}/bin/{configuration}/net10.0/{project}.dll, which must exist (test.sh builds the solution first).</summary>
    public static string ServerAssembly(string project)
    {
        var path = Path.Combine(Root, "tests", project, "bin", BuildConfiguration, "net10.0", project + ".dll");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException(
                $"{path} does not exist: build the solution with -c {BuildConfiguration} first (or set HUB_BUILD_CONFIGURATION).", path);
    }

    private static string FindRoot()
    {
        if (Environment.GetEnvironmentVariable("HUB_REPO_ROOT") is { Length: > 0 } fromEnvironment && Directory.Exists(fromEnvironment))
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

        throw new InvalidOperationException("HubFramework.sln not found above the test directory; set HUB_REPO_ROOT.");
    }
}
