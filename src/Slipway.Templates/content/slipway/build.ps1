#!/usr/bin/env pwsh
# Bootstrap for the Slipway build on Windows (the same contract as build.sh): compile build/_build.csproj when its
# inputs changed since the last successful compile, then run it with the given arguments.
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$Root = $PSScriptRoot
$BuildProject = Join-Path $Root 'build/_build.csproj'
$BuildDll = Join-Path $Root 'build/bin/publish/_build.dll'
$Stamp = Join-Path $Root '.nuke/temp/build.stamp'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'

function Test-BuildInputsChanged {
    if (-not (Test-Path $BuildDll) -or -not (Test-Path $Stamp)) { return $true }
    $since = (Get-Item $Stamp).LastWriteTimeUtc
    $inputs = @(Get-ChildItem -Path (Join-Path $Root 'build') -Recurse -File |
        Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' })
    $globalJson = Join-Path $Root 'global.json'
    if (Test-Path $globalJson) { $inputs += Get-Item $globalJson }
    return [bool]($inputs | Where-Object { $_.LastWriteTimeUtc -gt $since } | Select-Object -First 1)
}

if (Test-BuildInputsChanged) {
    if (-not (Get-Command dotnet -ErrorAction SilentlyContinue)) {
        Write-Error "The .NET SDK is not installed (no 'dotnet' on PATH). Install the 10.0 SDK: https://dotnet.microsoft.com/download/dotnet/10.0"
    }
    Push-Location $Root
    try { & dotnet --version *> $null; if ($LASTEXITCODE -ne 0) { throw } }
    catch { Write-Error "No installed .NET SDK satisfies global.json. Install a 10.0 SDK." }
    finally { Pop-Location }
    New-Item -ItemType Directory -Force -Path (Split-Path $Stamp) | Out-Null
    $started = Get-Date
    # Published: build/_build.csproj asks for ReadyToRun images for this machine's runtime (no JIT wait on each run).
    & dotnet publish $BuildProject --configuration Debug --output (Split-Path $BuildDll) --nologo --verbosity quiet -clp:ErrorsOnly
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
    Set-Content -Path $Stamp -Value ''
    (Get-Item $Stamp).LastWriteTime = $started
}

& dotnet $BuildDll @args
exit $LASTEXITCODE
