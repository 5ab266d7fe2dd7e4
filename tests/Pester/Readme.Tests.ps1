#Requires -Version 7.4
<#
    README.md cannot rot: every powershell and bash block carries a marker on the line before its fence, and runs as
    the marker says, from the repository root (a workspace with a copy of examples/ and the built out/ and tests/):

      <!-- readme-test: standalone -->             runs as written, with this session's environment
      <!-- readme-test: test-world -->             runs against a fresh test world (its KPOPS_* variables and
                                                   KPOPS_ENVIRONMENT=demo), as "Try it by hand" sets a session up
      <!-- readme-test: ...; exit N -->            a bash block must exit with N (default 0)
      <!-- readme-test: skip; <reason> -->         not run, for the reason given (shown as the skip reason)

    powershell blocks run in a runspace of their own and must write no error; bash blocks run with `bash -e`, with
    `pwsh` on PATH (this machine's pwsh) and the built module on PSModulePath, as on a machine where KPops is installed.
#>

BeforeDiscovery {
    $repoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath
    $lines = @(Get-Content (Join-Path $repoRoot 'README.md'))
    $blockCases = @()
    for ($i = 0; $i -lt $lines.Count; $i++) {
        if ($lines[$i] -notmatch '^```(powershell|bash)\s*$') { continue }
        $language = $Matches[1]
        $end = $i + 1
        while ($end -lt $lines.Count -and $lines[$end] -ne '```') { $end++ }
        $marker = if ($i -gt 0 -and $lines[$i - 1] -match '^<!-- readme-test: (.*) -->$') { $Matches[1] } else { $null }
        $mode = $null; $exit = 0; $reason = $null
        if ($marker) {
            $parts = @($marker -split ';\s*')
            $mode = $parts[0].Trim()
            foreach ($part in $parts | Select-Object -Skip 1) {
                if ($part -match '^exit (\d+)$') { $exit = [int] $Matches[1] } else { $reason = $part.Trim() }
            }
        }
        $blockCases += @{
            Line = $i + 1; Language = $language; Mode = $mode; ExpectedExit = $exit; Reason = $reason
            Code = ($lines[($i + 1)..($end - 1)] -join "`n")
        }
        $i = $end
    }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path (Get-RepositoryRoot) 'tests/TestWorld.Host/TestWorldHost.psm1') -Force
    $RepoRoot = Get-RepositoryRoot
    $ModulePath = (Resolve-Path (Get-KPopsModulePath)).ProviderPath

    # The repository as the README's blocks see it: a copy of examples/ (blocks write files there), the built module
    # and the test world host linked in.
    function New-Workspace {
        $workspace = Join-Path $TestDrive ([guid]::NewGuid())
        New-Item -ItemType Directory $workspace | Out-Null
        Copy-Item (Join-Path $RepoRoot 'examples') (Join-Path $workspace 'examples') -Recurse
        New-Item -ItemType SymbolicLink -Path (Join-Path $workspace 'out') -Target (Split-Path (Split-Path $ModulePath)) | Out-Null
        New-Item -ItemType SymbolicLink -Path (Join-Path $workspace 'tests') -Target (Join-Path $RepoRoot 'tests') | Out-Null
        $workspace
    }

    # `pwsh` for bash blocks: this machine's pwsh is the .NET tool, started by the dotnet host.
    $ShimFolder = Join-Path $TestDrive 'bin'
    New-Item -ItemType Directory $ShimFolder -Force | Out-Null
    $shim = Join-Path $ShimFolder 'pwsh'
    Set-Content $shim "#!/bin/sh`nexec '$((Get-Process -Id $PID).Path)' '$(Join-Path $PSHOME 'pwsh.dll')' `"`$@`"`n"
    & chmod 0755 $shim
}

Describe 'README.md' {
    It 'has powershell and bash blocks' -ForEach @(@{ Count = $blockCases.Count }) {
        $Count | Should -BeGreaterOrEqual 5
    }

    It 'marks the block at line <Line> (<Language>) with how it is tested' -ForEach $blockCases {
        $Mode | Should -BeIn @('standalone', 'test-world', 'skip') -Because 'put <!-- readme-test: standalone|test-world|skip; reason --> on the line before the fence'
        if ($Mode -eq 'skip') { $Reason | Should -Not -BeNullOrEmpty -Because 'a skipped block says why' }
    }
}

Describe 'The blocks of README.md' -Tag Lifecycle {
    BeforeAll {
        $World = Start-TestWorld -Helm 4
    }

    AfterAll {
        if ($World) { $World.Stop() }
    }

    It 'runs the <Language> block at line <Line>' -ForEach ($blockCases | Where-Object { $_.Mode -in 'standalone', 'test-world', 'skip' }) {
        if ($Mode -eq 'skip') { Set-ItResult -Skipped -Because $Reason }
        $workspace = New-Workspace
        $before = @(Get-ChildItem Env: | ForEach-Object { @{ Name = $_.Name; Value = $_.Value } })
        try {
            $additional = [ordered]@{
                PATH         = $ShimFolder + [IO.Path]::PathSeparator + $env:PATH
                PSModulePath = (Join-Path $workspace 'out') + [IO.Path]::PathSeparator + $env:PSModulePath
                NO_COLOR     = '1'
            }
            if ($Mode -eq 'test-world') {
                $World.Reset()
                $additional.KPOPS_ENVIRONMENT = 'demo'
                Set-TestWorldEnvironment $World -Additional $additional | Out-Null
            }
            else { Set-EnvironmentVariable $additional | Out-Null }

            if ($Language -eq 'powershell') {
                $ps = [powershell]::Create()
                try {
                    $null = $ps.AddCommand('Set-Location').AddParameter('LiteralPath', $workspace).AddStatement().AddScript($Code).AddCommand('Out-Null')
                    $ps.Invoke()
                    @($ps.Streams.Error | ForEach-Object { "$_" }) -join "`n" | Should -BeNullOrEmpty -Because "the block at line $Line of README.md must run as written"
                }
                finally { $ps.Dispose() }
            }
            else {
                Push-Location $workspace
                try {
                    $output = & bash -e -c $Code 2>&1 | ForEach-Object { "$_" }
                    $exitCode = $LASTEXITCODE
                }
                finally { Pop-Location }
                $exitCode | Should -Be $ExpectedExit -Because ($output -join "`n")
            }
        }
        finally {
            # Blocks may set variables of this process (Try it by hand does): put every variable back.
            Get-ChildItem Env: | ForEach-Object { Remove-Item "Env:$($_.Name)" }
            foreach ($variable in $before) { Set-Item "Env:$($variable.Name)" $variable.Value }
        }
    }
}
