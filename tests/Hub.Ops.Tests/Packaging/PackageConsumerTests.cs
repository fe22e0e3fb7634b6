using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Xml.Linq;

namespace HubFramework.Ops.Tests.Packaging;

/// <summary>
/// Packs HubFramework.Protocol, .Server and .Client (from the build the tests run on), checks what the packages hold,
/// then restores them into a fresh console app, offline (the packed folder plus the NuGet cache the repository
/// already restored), and runs a hub and a client end to end in it.
/// </summary>
public sealed class PackageConsumerTests : IDisposable
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromMinutes(4);
    private static readonly string[] Projects = ["Hub.Protocol", "Hub.Server", "Hub.Client"];

    private readonly string _work = Directory.CreateTempSubdirectory("hub-packages-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task PackedPackagesRestoreIntoANewAppThatRunsAHubAndAClient()
    {
        // A version of its own: nothing cached from an earlier run can stand in for these packages.
        var version = $"0.1.0-test.{Guid.NewGuid():N}"[..24];
        var feed = Directory.CreateDirectory(Path.Combine(_work, "feed")).FullName;
        await PackAsync(version, feed);

        AssertPackage(feed, "HubFramework.Protocol", version, "Hub.Protocol", dependencies: []);
        AssertPackage(feed, "HubFramework.Server", version, "Hub.Server", dependencies: ["HubFramework.Protocol"]);
        AssertPackage(feed, "HubFramework.Client", version, "Hub.Client", dependencies: ["HubFramework.Protocol"]);

        var app = WriteConsumer(version, feed);
        var build = await RunAsync("dotnet", ["build", app, "-c", "Release", "-nologo", "-clp:ErrorsOnly", $"-p:RestorePackagesPath={Path.Combine(_work, "packages")}"], _work);
        Assert.True(build.ExitCode == 0, $"consumer build failed:\n{build.Output}");

        var run = await RunAsync("dotnet", [Path.Combine(_work, "consumer", "bin", "Release", "net10.0", "Consumer.dll")], _work);
        Assert.True(run.ExitCode == 0, $"consumer failed:\n{run.Output}");
        Assert.Contains("OK Hello, packages! packages", run.Output);
    }

    private async Task PackAsync(string version, string feed)
    {
        var configuration = RepositoryPaths.BuildConfiguration;
        var projects = string.Join(';', Projects.Select(p => Path.Combine(RepositoryPaths.Root, "src", p, p + ".csproj")));
        // One MSBuild process packs all three from the existing build (NoBuild): fast, and the bits the tests ran.
        var traversal = Path.Combine(_work, "pack.proj");
        File.WriteAllText(traversal, $"""
            <Project>
              <Target Name="Build">
                <MSBuild Projects="{projects}" Targets="Pack" Properties="Configuration={configuration};NoBuild=true;PackageVersion={version};PackageOutputPath={feed}" />
              </Target>
            </Project>
            """);
        var pack = await RunAsync("dotnet", ["msbuild", traversal, "-nologo", "-v:q"], _work);
        Assert.True(pack.ExitCode == 0, $"pack failed:\n{pack.Output}");
    }

    private static void AssertPackage(string feed, string id, string version, string assembly, string[] dependencies)
    {
        var path = Path.Combine(feed, $"{id}.{version}.nupkg");
        Assert.True(File.Exists(path), $"{path} was not packed");
        using (var package = ZipFile.OpenRead(path))
        {
            var entries = package.Entries.Select(e => e.FullName).ToHashSet();
            Assert.Contains("README.md", entries);
            Assert.Contains($"lib/net10.0/{assembly}.dll", entries);
            Assert.Contains($"lib/net10.0/{assembly}.xml", entries);
            using var nuspecStream = package.GetEntry($"{id}.nuspec")!.Open();
            var nuspec = XDocument.Load(nuspecStream);
            XNamespace ns = nuspec.Root!.Name.NamespaceName;
            var metadata = nuspec.Root.Element(ns + "metadata")!;
            Assert.Equal("README.md", metadata.Element(ns + "readme")?.Value);
            Assert.Equal("MIT", metadata.Element(ns + "license")?.Value);
            Assert.False(string.IsNullOrWhiteSpace(metadata.Element(ns + "description")?.Value));
            var declared = metadata.Descendants(ns + "dependency").ToDictionary(d => d.Attribute("id")!.Value, d => d.Attribute("version")!.Value);
            foreach (var dependency in dependencies)
            {
                Assert.Equal(version, declared.GetValueOrDefault(dependency));
            }
        }

        var symbols = Path.Combine(feed, $"{id}.{version}.snupkg");
        Assert.True(File.Exists(symbols), $"{symbols} was not packed");
        using var symbolPackage = ZipFile.OpenRead(symbols);
        Assert.Contains(symbolPackage.Entries, e => e.FullName == $"lib/net10.0/{assembly}.pdb");
    }

    private string WriteConsumer(string version, string feed)
    {
        var directory = Directory.CreateDirectory(Path.Combine(_work, "consumer")).FullName;
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } packages
            ? packages
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        // Offline: the packed folder, and the repository's own restored packages as a (folder) source; nothing else.
        File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="packed" value="{feed}" />
                <add key="cache" value="{cache}" />
              </packageSources>
            </configuration>
            """);
        // Keep the repository's Directory.Build.props and the like out of the consumer.
        File.WriteAllText(Path.Combine(directory, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(directory, "Directory.Build.targets"), "<Project />");
        File.WriteAllText(Path.Combine(directory, "Directory.Packages.props"), "<Project />");
        var project = Path.Combine(directory, "Consumer.csproj");
        File.WriteAllText(project, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="HubFramework.Server" Version="{version}" />
                <PackageReference Include="HubFramework.Client" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "Program.cs"), """
            using HubFramework.Client;
            using HubFramework.Server.Hubs;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Hosting.Server;
            using Microsoft.AspNetCore.Hosting.Server.Features;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Logging;

            var builder = WebApplication.CreateSlimBuilder(args);
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            builder.Services.AddHubs();
            var app = builder.Build();
            app.MapHub<GreeterHub>("/hubs/greeter");
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

            await using var connection = new HubConnectionBuilder().WithUrl(address + "/hubs/greeter").Build();
            var greeted = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            connection.On<string>("Greeted", name => greeted.TrySetResult(name));
            await connection.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
            var reply = await connection.InvokeAsync<string>("Greet", "packages").WaitAsync(TimeSpan.FromSeconds(30));
            var pushed = await greeted.Task.WaitAsync(TimeSpan.FromSeconds(30));
            Console.WriteLine($"OK {reply} {pushed}");
            await connection.StopAsync();
            await app.StopAsync();

            public interface IGreeterClient
            {
                Task Greeted(string name);
            }

            public sealed class GreeterHub : Hub<IGreeterClient>
            {
                public async Task<string> Greet(string name)
                {
                    await Clients.Caller.Greeted(name);
                    return $"Hello, {name}!";
                }
            }
            """);
        return project;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string fileName, string[] arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        // Build servers would outlive the test; the consumer build is a one-off.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["UseSharedCompilation"] = "false";

        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var stdout = PumpAsync(process.StandardOutput, output);
        var stderr = PumpAsync(process.StandardError, output);
        using var timeout = new CancellationTokenSource(ProcessTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            output.AppendLine($"(killed after {ProcessTimeout})");
        }

        await Task.WhenAll(stdout, stderr);
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }

    private static async Task PumpAsync(StreamReader reader, StringBuilder output)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }
}
