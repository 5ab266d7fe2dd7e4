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

Export-ModuleMember -Function Get-KPopsModulePath, Get-RepositoryRoot, New-TestProject
