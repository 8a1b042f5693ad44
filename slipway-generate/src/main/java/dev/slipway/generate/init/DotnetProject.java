package dev.slipway.generate.init;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Tells a .NET project that runs as a service (a web app, a worker, a console app) from one that does not: a class
 * library ({@code Microsoft.NET.Sdk} without an executable output), a Razor library, a MAUI or other mobile app, a
 * Blazor WebAssembly front end its server hosts, an Aspire AppHost (it starts the others) and a test project.
 */
final class DotnetProject {

    private static final Pattern EXE = Pattern.compile("(?is).*<OutputType>\\s*(Win)?Exe\\s*</OutputType>.*");
    private static final Pattern TEST = Pattern.compile("(?is).*(<IsTestProject>\\s*true|Include=\"(xunit|nunit|MSTest"
            + "|Microsoft\\.NET\\.Test\\.Sdk|bunit|Aspire\\.Hosting\\.Testing)[\".]).*");

    private DotnetProject() {
    }

    /** Why the project is not a service, or empty when it is one. */
    static Optional<String> notAService(String project) {
        if (AspireAppHost.isAppHost(project)) {
            return Optional.of("the .NET Aspire AppHost: it starts the other services and is read for their graph");
        }
        if (TEST.matcher(project).matches()) {
            return Optional.of("a .NET test project");
        }
        if (project.matches("(?is).*<UseMaui>\\s*true.*") || project.matches("(?is).*<TargetFrameworks?>[^<]*-(android|ios|maccatalyst|windows)[^<]*<.*")) {
            return Optional.of("a .NET MAUI / mobile app, not a server-side service");
        }
        if (project.contains("Microsoft.NET.Sdk.Razor") || project.contains("Microsoft.NET.Sdk.BlazorWebAssembly")) {
            return Optional.of("a Razor / Blazor WebAssembly library, hosted by another project");
        }
        if (project.contains("Microsoft.NET.Sdk.Web") || project.contains("Microsoft.NET.Sdk.Worker")
                || project.contains("Microsoft.NET.Sdk.Functions") || project.contains("<AzureFunctionsVersion>")
                || EXE.matcher(project).matches()) {
            return Optional.empty();
        }
        return Optional.of("a .NET class library (no executable output)");
    }
}
