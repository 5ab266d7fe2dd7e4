#Requires -Version 7.4
<#
.SYNOPSIS
    The main job: examples/word-count end to end against the test world — a plan (-WhatIf), deploy, reset and
    clean, with real helm, printing the result tables and what the cleanup jobs did.
.DESCRIPTION
    The test world host starts doubles of Kafka, Schema Registry, Kafka Connect and the Kubernetes API and a chart
    repository, and prints their endpoints as KPOPS_* variables. The example pipeline is the one a user deploys to a
    real cluster; -Environment demo (config_demo.yaml, defaults_demo.yaml) only points the charts at the test
    world's chart repository.
.NOTES
    Started by `build.ps1 Demo` after the build, in its own pwsh process.
#>
param(
    [Parameter(Mandatory)][string] $ModulePath,
    [string] $HelmPath,
    [string] $Configuration = 'Release'
)
$ErrorActionPreference = 'Stop'
if ($PSStyle) { $PSStyle.OutputRendering = 'PlainText' }
$root = Split-Path $PSScriptRoot

function Show([string] $Title, $Objects, [string[]] $Property) {
    Write-Host "`n== $Title ==" -ForegroundColor Cyan
    # Result objects use the module's table view; other objects the given columns.
    $table = if ($Property) { $Objects | Format-Table -Property $Property -AutoSize -Wrap } else { $Objects | Format-Table -AutoSize -Wrap }
    $table | Out-String -Width 220 | Write-Host
}

Import-Module (Join-Path $root 'tests/TestWorld.Host/TestWorldHost.psm1')
$helmMajor = if ($HelmPath -and (& $HelmPath version --short) -like 'v3*') { 3 } else { 4 }
$world = Start-TestWorld -Helm $helmMajor
try {
    foreach ($name in $world.Environment.Keys) { Set-Item "Env:$name" $world.Environment[$name] }
    Import-Module $ModulePath
    Push-Location $PSScriptRoot
    try {
        $components = Get-KPopsComponent -Path word-count -Environment demo
        Show 'Components of examples/word-count' $components @('Name', 'Type', 'Namespace', 'HelmReleaseName', 'InputTopics', 'OutputTopics')

        Show 'Plan: Invoke-KPopsDeploy -WhatIf' ($components | Invoke-KPopsDeploy -WhatIf 6>$null)
        $release = $components | Invoke-KPopsDeploy -WhatIf 6>$null | Where-Object Kind -eq HelmRelease | Select-Object -First 1
        Write-Host "Diff of $($release.Resource):" -ForegroundColor Cyan
        Write-Host ($release.Diff -split "`n" | Select-Object -First 25 | Out-String)

        Show 'Deploy' ($components | Invoke-KPopsDeploy)
        Show 'Deploy again (converges)' ($components | Invoke-KPopsDeploy)
        Show 'Reset' ($components | Reset-KPopsPipeline -Force)
        Show 'Deploy' ($components | Invoke-KPopsDeploy)
        Show 'Clean' ($components | Clear-KPopsPipeline -Force)

        $state = $world.GetState()
        Write-Host "`n== What the cleanup jobs did in Kafka ==" -ForegroundColor Cyan
        $state.effects | ForEach-Object { Write-Host "  $_" }
        Write-Host "`nTopics left: $(@($state.topics).Count); connectors left: $(@($state.connectors).Count)"
    }
    finally { Pop-Location }
}
finally {
    $world.Stop()
}
