# Starts and stops the test world host (KPops.TestWorld.Host) for Pester and build.ps1 Demo.
#
#   Import-Module ./tests/TestWorld.Host/TestWorldHost.psm1
#   $world = Start-TestWorld -Helm 4
#   foreach ($name in $world.Environment.Keys) { Set-Item "env:$name" $world.Environment[$name] }
#   ...                      # run KPops against $world.BootstrapServers, $world.KubeconfigPath, ...
#   $world.GetState()        # topics, groups, subjects, connectors, cleanup effects of the doubles
#   $world.Reset()           # back to a fresh world on the same ports
#   $world.Stop()            # or Stop-TestWorld $world

Set-StrictMode -Version 3.0

function Get-TestWorldHostPath {
    <#
    .SYNOPSIS
        The built host (KPops.TestWorld.Host.dll): the newer of the Release and Debug builds, or the given configuration.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [ValidateSet('Release', 'Debug')]
        [string] $Configuration
    )
    $configurations = if ($Configuration) { @($Configuration) } else { @('Release', 'Debug') }
    $candidates = foreach ($c in $configurations) {
        $path = Join-Path $PSScriptRoot "bin/$c/net10.0/KPops.TestWorld.Host.dll"
        if (Test-Path $path) { Get-Item $path }
    }
    $newest = $candidates | Sort-Object LastWriteTimeUtc -Descending | Select-Object -First 1
    if (-not $newest) {
        throw "KPops.TestWorld.Host is not built ($($configurations -join ' or ')); run 'dotnet build KPops.PowerShell.sln' (or build.ps1 Build) first."
    }
    $newest.FullName
}

function Start-TestWorld {
    <#
    .SYNOPSIS
        Starts the test world host and returns its endpoints, the environment a KPops run needs, and Stop(), Reset()
        and GetState() methods.
    .PARAMETER Helm
        The helm major version the Environment (KPOPS_HELM_CONFIG__BINARY, helm homes) is for.
    .PARAMETER Doubles
        Start the doubles even when the KPOPS_TEST_* variables select a real cluster.
    .PARAMETER HostPath
        The host dll; by default the newest build next to this module.
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [ValidateSet(3, 4)]
        [int] $Helm = 4,
        [switch] $Doubles,
        [ValidateSet('Release', 'Debug')]
        [string] $Configuration,
        [string] $HostPath,
        [int] $TimeoutSeconds = 120
    )
    if (-not $HostPath) {
        $HostPath = if ($Configuration) { Get-TestWorldHostPath -Configuration $Configuration } else { Get-TestWorldHostPath }
    }

    $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    $start.ArgumentList.Add($HostPath)
    $start.ArgumentList.Add('--helm')
    $start.ArgumentList.Add([string] $Helm)
    if ($Doubles) { $start.ArgumentList.Add('--doubles') }
    $start.UseShellExecute = $false
    $start.RedirectStandardInput = $true
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $process = [System.Diagnostics.Process]::Start($start)
    # Drained in the background, so a chatty host never blocks on a full pipe.
    $stderr = $process.StandardError.ReadToEndAsync()

    $first = $process.StandardOutput.ReadLineAsync()
    if (-not $first.Wait([TimeSpan]::FromSeconds($TimeoutSeconds))) {
        $process.Kill($true)
        throw "The test world host did not report its endpoints within $TimeoutSeconds s."
    }
    if ($null -eq $first.Result) {
        $process.WaitForExit()
        throw "The test world host exited with code $($process.ExitCode) before it was ready: $($stderr.Result)"
    }
    $info = $first.Result | ConvertFrom-Json
    $environment = [ordered]@{}
    foreach ($property in $info.environment.PSObject.Properties) { $environment[$property.Name] = [string] $property.Value }

    $world = [pscustomobject]@{
        PSTypeName         = 'KPops.TestWorld'
        RealCluster        = [bool] $info.realCluster
        HelmMajor          = [int] $info.helmMajor
        HelmPath           = $info.helmPath
        BootstrapServers   = $info.bootstrapServers
        SchemaRegistryUrl  = $info.schemaRegistryUrl
        ConnectUrl         = $info.connectUrl
        KubernetesUrl      = $info.kubernetesUrl
        KubeconfigPath     = $info.kubeconfigPath
        KubeContext        = $info.kubeContext
        ChartRepositoryUrl = $info.chartRepositoryUrl
        ScratchDirectory   = $info.scratchDirectory
        ProcessId          = [int] $info.processId
        Environment        = $environment
        Process            = $process
        StandardError      = $stderr
    }
    $world | Add-Member -MemberType ScriptMethod -Name Stop -Value { Stop-TestWorld -World $this }
    $world | Add-Member -MemberType ScriptMethod -Name Reset -Value { [void] (Invoke-TestWorldCommand -World $this -Command 'reset') }
    $world | Add-Member -MemberType ScriptMethod -Name GetState -Value { Invoke-TestWorldCommand -World $this -Command 'state' }
    $world
}

function Invoke-TestWorldCommand {
    <#
    .SYNOPSIS
        Sends a command to a running host ('reset' or 'state') and returns its JSON answer as an object.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [pscustomobject] $World,
        [Parameter(Mandatory)] [ValidateSet('reset', 'state')] [string] $Command,
        [int] $TimeoutSeconds = 30
    )
    $process = $World.Process
    if ($process.HasExited) { throw "The test world host has stopped (exit code $($process.ExitCode))." }
    $process.StandardInput.WriteLine($Command)
    $process.StandardInput.Flush()
    $answer = $process.StandardOutput.ReadLineAsync()
    if (-not $answer.Wait([TimeSpan]::FromSeconds($TimeoutSeconds)) -or $null -eq $answer.Result) {
        throw "The test world host did not answer '$Command'."
    }
    $reply = $answer.Result | ConvertFrom-Json
    if ($reply.PSObject.Properties['error']) { throw "The test world host refused '$Command': $($reply.error)" }
    $reply
}

function Stop-TestWorld {
    <#
    .SYNOPSIS
        Stops a host started by Start-TestWorld: closes its stdin, waits for it to dispose the world, kills it if it
        does not stop in time. Returns nothing; safe to call twice.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, Position = 0, ValueFromPipeline)] [pscustomobject] $World,
        [int] $TimeoutSeconds = 30
    )
    process {
        $process = $World.Process
        if (-not $process.HasExited) {
            try { $process.StandardInput.Close() } catch [System.IO.IOException] { }
            if (-not $process.WaitForExit($TimeoutSeconds * 1000)) {
                Write-Warning "The test world host (pid $($process.Id)) did not stop within $TimeoutSeconds s; killing it."
                $process.Kill($true)
                $process.WaitForExit()
            }
        }
        if ($process.ExitCode -ne 0) {
            Write-Warning "The test world host exited with code $($process.ExitCode): $($World.StandardError.Result)"
        }
    }
}

Export-ModuleMember -Function Get-TestWorldHostPath, Start-TestWorld, Stop-TestWorld, Invoke-TestWorldCommand
