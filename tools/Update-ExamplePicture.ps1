#Requires -Version 7.4
<#
.SYNOPSIS
    Writes the picture of examples/word-count: docs/images/word-count.dot (Get-KPopsGraph -Format Dot), the SVG that
    Graphviz draws from it (docs/images/word-count.svg), and the Mermaid block of the README.

.DESCRIPTION
    The SVG carries the SHA-256 of the DOT source it was drawn from (an XML comment), so a test can tell a stale
    picture without depending on the Graphviz version that drew it. The README's Mermaid block is the fenced block
    right after the line '<!-- picture: Get-KPopsGraph examples/word-count -->'.

    Run it in a fresh pwsh after a build (build.ps1 UpdateDocs does): a binary module cannot be reloaded.
#>
[CmdletBinding()]
param(
    # The built module's manifest.
    [Parameter(Mandatory)]
    [string] $ModulePath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$root = Split-Path $PSScriptRoot
$images = Join-Path $root 'docs/images'
$utf8 = [System.Text.UTF8Encoding]::new($false)
Import-Module (Resolve-Path $ModulePath).ProviderPath

# The example as the README shows it: from its own folder, no environment, no KPOPS_* of this session.
Get-ChildItem Env: | Where-Object Name -like 'KPOPS_*' | ForEach-Object { Remove-Item "Env:$($_.Name)" }
Push-Location (Join-Path $root 'examples')
try {
    $dot = Get-KPopsGraph -Path word-count -Format Dot
    $mermaid = Get-KPopsGraph -Path word-count -Format Mermaid
}
finally { Pop-Location }

New-Item -ItemType Directory -Path $images -Force | Out-Null
$dotPath = Join-Path $images 'word-count.dot'
[IO.File]::WriteAllText($dotPath, $dot, $utf8)
$hash = [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData($utf8.GetBytes($dot))).ToLowerInvariant()

if (Get-Command dot -CommandType Application -ErrorAction Ignore) {
    $svg = & dot -Tsvg "-Gcomment=source sha256:$hash" $dotPath
    if ($LASTEXITCODE -ne 0) { throw "dot failed with exit code $LASTEXITCODE" }
    [IO.File]::WriteAllText((Join-Path $images 'word-count.svg'), (($svg -join "`n") + "`n"), $utf8)
}
else {
    Write-Warning 'Graphviz (dot) is not installed: docs/images/word-count.svg is not redrawn.'
}

$readmePath = Join-Path $root 'README.md'
$lines = [Collections.Generic.List[string]]::new([string[]] (Get-Content $readmePath))
$marker = $lines.IndexOf('<!-- picture: Get-KPopsGraph examples/word-count -->')
if ($marker -lt 0 -or $lines[$marker + 1] -ne '```mermaid') { throw "README.md has no '```mermaid' block after the picture marker." }
$end = $lines.FindIndex($marker + 2, { param($l) $l -eq '```' })
$lines.RemoveRange($marker + 2, $end - $marker - 2)
$lines.InsertRange($marker + 2, [string[]] ($mermaid.TrimEnd("`n") -split "`n"))
[IO.File]::WriteAllText($readmePath, (($lines -join "`n") + "`n"), $utf8)
Write-Host "Updated $dotPath, word-count.svg and the README's Mermaid block (source sha256:$hash)"
