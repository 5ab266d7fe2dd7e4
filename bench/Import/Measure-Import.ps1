#Requires -Version 7.4
<#
.SYNOPSIS
    What Import-Module KPops adds to the start of PowerShell: a bare `pwsh -NoProfile` against one that imports the
    module, each run as a new process, alternating, median of -Count.

.EXAMPLE
    dotnet pwsh -NoProfile -File bench/Import/Measure-Import.ps1
#>
[CmdletBinding()]
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../../out/KPops/KPops.psd1'),
    [ValidateRange(1, 101)]
    [int] $Count = 7
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$ModulePath = (Resolve-Path -LiteralPath $ModulePath).ProviderPath

# The PowerShell running this script, started the way it was: its own executable, or dotnet with pwsh.dll (a
# PowerShell installed as a dotnet tool has no executable of its own).
$exe = [Environment]::ProcessPath
$prefix = @()
if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { $prefix = @(Join-Path $PSHOME 'pwsh.dll') }

function Measure-Start([string] $Command) {
    $watch = [Diagnostics.Stopwatch]::StartNew()
    & $exe @prefix -NoProfile -NonInteractive -Command $Command
    if ($LASTEXITCODE -ne 0) { throw "pwsh -Command '$Command' failed with exit code $LASTEXITCODE" }
    $watch.Elapsed.TotalSeconds
}

function Get-Median([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    $mid = [int][Math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { $sorted[$mid] } else { ($sorted[$mid - 1] + $sorted[$mid]) / 2 }
}

$import = "Import-Module '$($ModulePath -replace "'", "''")' -ErrorAction Stop"
# One of each first, not timed: the file cache is warm for both.
Measure-Start 'exit 0' | Out-Null
Measure-Start $import | Out-Null
$bare = [Collections.Generic.List[double]]::new()
$imported = [Collections.Generic.List[double]]::new()
for ($i = 0; $i -lt $Count; $i++) {
    $bare.Add((Measure-Start 'exit 0'))
    $imported.Add((Measure-Start $import))
}
$bareMedian = Get-Median $bare
$importMedian = Get-Median $imported
'pwsh -NoProfile start, median of {0}: bare {1:F2} s, with Import-Module KPops {2:F2} s: +{3:F2} s' -f $Count, $bareMedian, $importMedian, ($importMedian - $bareMedian)
