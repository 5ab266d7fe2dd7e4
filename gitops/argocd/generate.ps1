#Requires -Version 7.4
<#
.SYNOPSIS
    The generate command of the KPops Argo CD config management plugin: renders the pipelines of an Argo CD
    application with Get-KPopsManifest -Mode Argo and writes them to stdout as one multi-document YAML stream.

.DESCRIPTION
    Argo CD's repo server runs it in the sidecar, in the application's source folder (spec.source.path), with the
    ARGOCD_APP_* build variables and the application's spec.source.plugin.env as ARGOCD_ENV_* variables. Standard
    output is only the manifests; messages go to standard error, and any problem exits non-zero with nothing on
    standard output, so Argo CD never prunes resources because a pipeline failed to render.

    The run is the one `kpops` would do from the folder of config.yaml:
      - the folder is ARGOCD_ENV_KPOPS_CONFIG_PATH, else the nearest folder with a config.yaml from the application
        folder up to the repository root, else the application folder; the script runs there;
      - the pipelines are ARGOCD_ENV_KPOPS_PIPELINE_PATHS (comma-separated), else the application folder;
      - dotenv files are ARGOCD_ENV_KPOPS_DOTENV_PATH (comma-separated).
    These paths are relative to the application folder and must stay inside the repository.

    Other ARGOCD_ENV_KPOPS_* variables (KPOPS_ENVIRONMENT, settings such as KPOPS_KAFKA_BROKERS, or values the
    pipeline reads as ${KPOPS_...}) are passed on without the prefix, but never replace a variable of the sidecar,
    and never choose the helm binary (KPOPS_HELM_CONFIG, KPOPS_HELM_CONFIG__*): helm is the sidecar's, from
    KPOPS_HELM_CONFIG__BINARY of the sidecar or else from PATH, whatever config.yaml says.

    An empty result is an error unless ARGOCD_ENV_KPOPS_ALLOW_EMPTY is 'true' (a pipeline of connectors only
    renders no Kubernetes resources, but so would a mistake, and Argo CD would prune everything).
#>
[CmdletBinding()]
param()

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Set-StrictMode -Version 3.0

function Write-Log([string] $Message) { [Console]::Error.WriteLine("kpops: $Message") }

function Stop-Generate([string] $Message) {
    Write-Log $Message
    exit 1
}

# A comma-separated list of paths relative to the application folder, resolved and kept inside the repository.
function Resolve-AppPath([string] $List, [string] $Variable) {
    foreach ($item in $List -split ',' | ForEach-Object Trim | Where-Object { $_ }) {
        $full = [IO.Path]::GetFullPath($item, $script:AppFolder)
        $relative = [IO.Path]::GetRelativePath($script:RepoRoot, $full)
        if ($relative -eq '..' -or $relative.StartsWith('..' + [IO.Path]::DirectorySeparatorChar) -or [IO.Path]::IsPathRooted($relative)) {
            Stop-Generate "$Variable '$item' is outside the repository; give a path relative to the application folder ($($env:ARGOCD_APP_SOURCE_PATH))."
        }
        $full
    }
}

try {
    $script:AppFolder = (Get-Location).ProviderPath
    # The repository root: the application folder without ARGOCD_APP_SOURCE_PATH's segments.
    $segments = @(("$env:ARGOCD_APP_SOURCE_PATH" -split '[/\\]') | Where-Object { $_ -and $_ -ne '.' })
    $root = $script:AppFolder
    for ($i = $segments.Count - 1; $i -ge 0; $i--) {
        if ($segments[$i] -eq '..' -or (Split-Path $root -Leaf) -ne $segments[$i]) {
            Stop-Generate "The working directory '$script:AppFolder' does not end with ARGOCD_APP_SOURCE_PATH '$env:ARGOCD_APP_SOURCE_PATH'."
        }
        $root = Split-Path $root
    }
    $script:RepoRoot = $root

    # The application's own variables: KPOPS_* only, never over the sidecar's, never the helm binary.
    $reserved = 'KPOPS_CONFIG_PATH', 'KPOPS_PIPELINE_PATHS', 'KPOPS_DOTENV_PATH', 'KPOPS_ALLOW_EMPTY'
    foreach ($variable in Get-ChildItem Env: | Where-Object Name -like 'ARGOCD_ENV_KPOPS_*' | Sort-Object Name) {
        $name = $variable.Name.Substring('ARGOCD_ENV_'.Length)
        if ($name -in $reserved) { continue }
        if ($name -eq 'KPOPS_HELM_CONFIG' -or $name -like 'KPOPS_HELM_CONFIG__*') {
            Write-Log "ignoring $($variable.Name): the helm settings are the sidecar's."
            continue
        }
        if ($null -ne [Environment]::GetEnvironmentVariable($name)) {
            Write-Log "ignoring $($variable.Name): the sidecar sets $name."
            continue
        }
        Set-Item "Env:$name" $variable.Value
    }
    if (-not $env:KPOPS_HELM_CONFIG__BINARY) {
        $helm = Get-Command helm -CommandType Application -ErrorAction Ignore | Select-Object -First 1
        if (-not $helm) { Stop-Generate 'helm is not on PATH of the sidecar (or set KPOPS_HELM_CONFIG__BINARY on the sidecar).' }
        $env:KPOPS_HELM_CONFIG__BINARY = $helm.Source
    }

    $configFolder = if ($env:ARGOCD_ENV_KPOPS_CONFIG_PATH) {
        @(Resolve-AppPath $env:ARGOCD_ENV_KPOPS_CONFIG_PATH 'ARGOCD_ENV_KPOPS_CONFIG_PATH')[0]
    }
    else {
        $folder = $script:AppFolder
        while (-not (Test-Path -LiteralPath (Join-Path $folder 'config.yaml')) -and $folder -ne $script:RepoRoot) { $folder = Split-Path $folder }
        if (Test-Path -LiteralPath (Join-Path $folder 'config.yaml')) { $folder } else { $script:AppFolder }
    }
    $paths = if ($env:ARGOCD_ENV_KPOPS_PIPELINE_PATHS) { @(Resolve-AppPath $env:ARGOCD_ENV_KPOPS_PIPELINE_PATHS 'ARGOCD_ENV_KPOPS_PIPELINE_PATHS') } else { @($script:AppFolder) }
    $parameters = @{ Path = $paths; Config = $configFolder; Mode = 'Argo'; AsYaml = $true }
    if ($env:ARGOCD_ENV_KPOPS_DOTENV_PATH) { $parameters.DotEnv = @(Resolve-AppPath $env:ARGOCD_ENV_KPOPS_DOTENV_PATH 'ARGOCD_ENV_KPOPS_DOTENV_PATH') }

    Import-Module KPops
    Write-Log ("rendering {0} at {1} for {2}/{3}: {4}{5}" -f $env:ARGOCD_APP_SOURCE_PATH, $env:ARGOCD_APP_REVISION, $env:ARGOCD_APP_NAMESPACE,
        $env:ARGOCD_APP_NAME, (($paths | ForEach-Object { [IO.Path]::GetRelativePath($script:RepoRoot, $_) }) -join ', '),
        $(if ($env:KPOPS_ENVIRONMENT) { " (environment $env:KPOPS_ENVIRONMENT)" }))

    Push-Location -LiteralPath $configFolder
    try {
        # Warnings would go to standard output; they are messages, so they go to standard error.
        $yaml = Get-KPopsManifest @parameters -WarningVariable warnings -WarningAction SilentlyContinue
    }
    finally { Pop-Location }
    foreach ($warning in $warnings) { Write-Log "warning: $warning" }
}
catch {
    $record = $_
    $message = "$record"
    if ($record.FullyQualifiedErrorId) { $message += " [$($record.FullyQualifiedErrorId)]" }
    if ($record.ErrorDetails -and $record.ErrorDetails.RecommendedAction) { $message += " $($record.ErrorDetails.RecommendedAction)" }
    Stop-Generate $message
}

if (-not $yaml) {
    if ($env:ARGOCD_ENV_KPOPS_ALLOW_EMPTY -eq 'true') {
        Write-Log 'the pipelines render no Kubernetes resources (allowed by ARGOCD_ENV_KPOPS_ALLOW_EMPTY).'
        exit 0
    }
    Stop-Generate 'the pipelines render no Kubernetes resources; set ARGOCD_ENV_KPOPS_ALLOW_EMPTY=true if that is intended.'
}
[Console]::Out.Write($yaml)
[Console]::Out.Flush()
exit 0
