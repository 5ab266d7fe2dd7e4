#Requires -Version 7.4
<#
.SYNOPSIS
    Runs the Pester suite against the built module and writes the counts as JSON.
    Started by build.ps1 in a fresh pwsh process (a binary module cannot be unloaded from a session).
#>
param(
    [Parameter(Mandatory)][string] $PesterModule,
    [Parameter(Mandatory)][string] $SummaryPath,
    [string] $Tag
)
$ErrorActionPreference = 'Stop'
if ($PSStyle) { $PSStyle.OutputRendering = 'PlainText' }
# Resolved first: Import-Module takes a relative path without './' for a module name.
Import-Module (Resolve-Path -LiteralPath $PesterModule).ProviderPath -Force

$config = New-PesterConfiguration
$config.Run.Path = $PSScriptRoot
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Detailed'
$config.TestResult.Enabled = $true
$config.TestResult.OutputFormat = 'JUnitXml'
$config.TestResult.OutputPath = Join-Path (Split-Path $SummaryPath) 'pester.junit.xml'
if ($Tag) { $config.Filter.Tag = $Tag }

$result = Invoke-Pester -Configuration $config
$summary = [ordered]@{
    Passed  = $result.PassedCount
    Failed  = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    Skipped = $result.SkippedCount + $result.NotRunCount
}
$summary | ConvertTo-Json | Set-Content -Path $SummaryPath
exit ([int]($summary.Failed -gt 0))
