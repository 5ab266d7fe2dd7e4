# Shared helpers of the Pester suite.

function Get-KPopsModulePath {
    if ($env:KPOPS_MODULE_PATH) { return $env:KPOPS_MODULE_PATH }
    Join-Path (Get-RepositoryRoot) 'out/KPops/KPops.psd1'
}

function Get-RepositoryRoot {
    $dir = $PSScriptRoot
    while ($dir -and -not (Test-Path (Join-Path $dir 'KPops.PowerShell.sln'))) { $dir = Split-Path $dir }
    $dir
}

# Writes a small KPops project (config, defaults, pipeline) into a folder and returns the folder.
function New-TestProject {
    param(
        [Parameter(Mandatory)][string] $Root,
        [string] $Pipeline = @'
- type: producer-app
  name: producer
  values:
    image: example/producer
    imageTag: "1.0.0"
- type: streams-app
  name: app
  values:
    image: example/app
    imageTag: "1.0.0"
  to:
    topics:
      ${output_topic_name}:
        partitions_count: 3
      ${error_topic_name}:
        type: error
- type: kafka-sink-connector
  name: sink
  config:
    connector.class: io.confluent.connect.jdbc.JdbcSinkConnector
'@,
        [string] $Defaults = @'
kubernetes-app:
  namespace: team-ns
producer-app:
  to:
    topics:
      ${output_topic_name}: {}
'@,
        [string] $Config = "kafka_brokers: kafka:9092`n",
        [string] $Name = 'demo'
    )
    $dir = Join-Path $Root $Name
    New-Item -ItemType Directory -Path $dir -Force | Out-Null
    Set-Content -Path (Join-Path $Root 'config.yaml') -Value $Config
    Set-Content -Path (Join-Path $dir 'pipeline.yaml') -Value $Pipeline
    Set-Content -Path (Join-Path $dir 'defaults.yaml') -Value $Defaults
    $dir
}

# Sets environment variables of this process (the cmdlets and child processes read them); $null removes one.
# Returns the previous values, for Restore-EnvironmentVariable.
function Set-EnvironmentVariable {
    param([Parameter(Mandatory)][System.Collections.IDictionary] $Values)
    $saved = [ordered]@{}
    foreach ($name in $Values.Keys) {
        $saved[$name] = [Environment]::GetEnvironmentVariable($name)
        Set-ProcessVariable $name $Values[$name]
    }
    $saved
}

function Restore-EnvironmentVariable {
    param([Parameter(Mandatory)][System.Collections.IDictionary] $Saved)
    foreach ($name in $Saved.Keys) { Set-ProcessVariable $name $Saved[$name] }
}

# $null removes the variable ([Environment]::SetEnvironmentVariable would get '' from PowerShell and keep it, empty).
function Set-ProcessVariable([string] $Name, [string] $Value) {
    if ($null -eq $Value -or $Value -eq '') { Remove-Item "Env:$Name" -ErrorAction Ignore }
    else { Set-Item "Env:$Name" $Value }
}

# Points KPops runs of this process at a test world (Start-TestWorld): its KPOPS_*/HELM_* variables and any others.
function Set-TestWorldEnvironment {
    param([Parameter(Mandatory)] $World, [System.Collections.IDictionary] $Additional = @{})
    $values = [ordered]@{}
    foreach ($name in $World.Environment.Keys) { $values[$name] = $World.Environment[$name] }
    foreach ($name in $Additional.Keys) { $values[$name] = $Additional[$name] }
    Set-EnvironmentVariable $values
}

# The Helm releases in a test world (all namespaces), as helm list reports them: name, namespace, revision, status, chart.
function Get-TestWorldRelease {
    param([Parameter(Mandatory)] $World)
    $json = & $World.HelmPath list --all-namespaces --output json --kubeconfig $World.KubeconfigPath --kube-context $World.KubeContext 2>&1
    if ($LASTEXITCODE -ne 0) { throw "helm list failed: $json" }
    @($json | ConvertFrom-Json)
}

# A free TCP port on the loopback interface, closed again (nothing listens on it).
function Get-ClosedPort {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

# Runs a script file as a scheduler would: a new `pwsh -NonInteractive -File` (the repository's dotnet tool, so it
# starts from the repository root), with the environment of this process. Returns the exit code and the output
# (stdout and stderr, without colours).
function Invoke-PwshScript {
    param([Parameter(Mandatory)][string] $Path)
    $saved = Set-EnvironmentVariable @{ NO_COLOR = '1' }
    Push-Location (Get-RepositoryRoot)
    try {
        $output = & dotnet pwsh -NoProfile -NonInteractive -File $Path 2>&1 | ForEach-Object { "$_" }
        $exitCode = $LASTEXITCODE
    }
    finally {
        Pop-Location
        Restore-EnvironmentVariable $saved
    }
    [pscustomobject]@{ ExitCode = $exitCode; Output = $output -join "`n" }
}

Export-ModuleMember -Function Get-KPopsModulePath, Get-RepositoryRoot, New-TestProject, Set-EnvironmentVariable, Restore-EnvironmentVariable,
    Set-TestWorldEnvironment, Get-TestWorldRelease, Get-ClosedPort, Invoke-PwshScript
