#Requires -Version 7.4
<#
.SYNOPSIS
    The main job: loads examples/word-count and shows it as a table and as the YAML KPOps' generate prints.
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
Import-Module $ModulePath

Push-Location $PSScriptRoot
try {
    Write-Host "`n== Components of examples/word-count ==" -ForegroundColor Cyan
    $components = Get-KPopsComponent -Path word-count
    $components | Format-Table -AutoSize | Out-String -Width 200 | Write-Host

    Write-Host "== Wiring ==" -ForegroundColor Cyan
    $components | Select-Object Name, HelmReleaseName, @{ n = 'Reads'; e = { $_.AllInputTopics -join ', ' } }, @{ n = 'Writes'; e = { $_.OutputTopics -join ', ' } } |
        Format-Table -AutoSize | Out-String -Width 200 | Write-Host

    Write-Host "== Enriched pipeline (generate) ==" -ForegroundColor Cyan
    $components | ConvertTo-KPopsYaml | Write-Host
}
finally {
    Pop-Location
}
