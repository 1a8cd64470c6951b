namespace Slipway.Delivery.Tests.Adoption;

/// <summary>
/// A small ASP.NET Core service that is not Catalog.Api, as a team that adopts Slipway would have it: made by
/// <c>dotnet new web</c> and <c>dotnet new xunit</c>, with the two endpoints a deploy's gate asks for, a test of them
/// and a Dockerfile of its own whose base images are build arguments.
/// </summary>
internal static class AdoptedService
{
    public const string Name = "Orders.Api";

    public const string DockerfilePath = "src/Orders.Api/Dockerfile";

    public const string Program = """
        using System.Reflection;

        var builder = WebApplication.CreateBuilder(args);
        var app = builder.Build();

        var version = typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        app.MapGet("/", () => "Orders");
        app.MapGet("/health/ready", () => Results.Ok("ready"));
        app.MapGet("/status", () => Results.Ok(new { version }));

        app.Run();

        /// <summary>Visible to the tests' WebApplicationFactory.</summary>
        public partial class Program;

        """;

    /// <summary>The xunit template's project plus the test host and a reference to the service.</summary>
    public const string TestProject = """
        <Project Sdk="Microsoft.NET.Sdk">

          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <ImplicitUsings>enable</ImplicitUsings>
            <Nullable>enable</Nullable>
            <IsPackable>false</IsPackable>
          </PropertyGroup>

          <ItemGroup>
            <PackageReference Include="coverlet.collector" Version="6.0.4" />
            <PackageReference Include="Microsoft.AspNetCore.Mvc.Testing" Version="10.0.14" />
            <PackageReference Include="Microsoft.NET.Test.Sdk" Version="17.14.1" />
            <PackageReference Include="xunit" Version="2.9.3" />
            <PackageReference Include="xunit.runner.visualstudio" Version="3.1.4" />
          </ItemGroup>

          <ItemGroup>
            <ProjectReference Include="..\..\src\Orders.Api\Orders.Api.csproj" />
          </ItemGroup>

          <ItemGroup>
            <Using Include="Xunit" />
          </ItemGroup>

        </Project>

        """;

    public const string EndpointTests = """
        using Microsoft.AspNetCore.Mvc.Testing;

        namespace Orders.Api.Tests;

        public class EndpointTests(WebApplicationFactory<Program> factory) : IClassFixture<WebApplicationFactory<Program>>
        {
            [Theory]
            [InlineData("/", "Orders")]
            [InlineData("/health/ready", "ready")]
            [InlineData("/status", "version")]
            public async Task Endpoint_answers(string path, string expected)
            {
                var response = await factory.CreateClient().GetStringAsync(path);
                Assert.Contains(expected, response);
            }
        }

        """;

    public const string Dockerfile = """
        ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
        ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0

        # Build stage: restore in its own layer, then publish with the version from git.
        FROM ${SDK_IMAGE} AS build
        ARG VERSION=0.0.0-local
        ARG INFORMATIONAL_VERSION=${VERSION}
        WORKDIR /source
        COPY src/Orders.Api/Orders.Api.csproj src/Orders.Api/
        RUN dotnet restore src/Orders.Api/Orders.Api.csproj
        COPY src/Orders.Api/ src/Orders.Api/
        RUN dotnet publish src/Orders.Api/Orders.Api.csproj --no-restore -c Release -o /app -p:Version=$VERSION -p:InformationalVersion=$INFORMATIONAL_VERSION

        # Runtime stage: the ASP.NET runtime only, as the non-root app user.
        FROM ${RUNTIME_IMAGE}
        WORKDIR /app
        COPY --from=build /app .
        USER $APP_UID
        EXPOSE 8080
        ENTRYPOINT ["dotnet", "Orders.Api.dll"]

        """;

    public const string DockerIgnore = """
        **/bin/
        **/obj/
        .git/
        .nuke/
        artifacts/
        build/
        tests/

        """;

    /// <summary>
    /// The repository's feeds: Slipway's packages from a local folder (where a team would name its own feed, or none
    /// once Slipway is on nuget.org), beside the machine's configured sources.
    /// </summary>
    public static string NuGetConfig(string packagesFolder) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <add key="slipway-local" value="{packagesFolder}" />
          </packageSources>
        </configuration>

        """;
}
