#Requires -Version 7.4
<#
.SYNOPSIS
    A scheduled health check: exits 1 (and lists the problems) when any resource of the pipelines is not InSync.
.DESCRIPTION
    Run it from a scheduler (cron, a Kubernetes CronJob, Azure Automation, Task Scheduler):

        pwsh -NonInteractive -File Test-PipelineHealth.ps1 -Path ./word-count -MaxLag 10000

    Get-KPopsStatus only reads (Helm, Kafka, Schema Registry, Kafka Connect, Kubernetes), so the check is safe to
    run as often as needed. The exit code is 0 when everything is InSync, 1 when something is Drifted, Missing,
    Degraded or Unknown, and 2 when the check itself could not run (for example an invalid pipeline).
.PARAMETER Path
    Pipeline files or folders.
.PARAMETER Environment
    The environment (config_<env>.yaml, defaults_<env>.yaml, pipeline_<env>.yaml).
.PARAMETER MaxLag
    Consumer lag above which a consumer group counts as Degraded.
#>
param(
    [Parameter(Mandatory)][string[]] $Path,
    [string] $Environment,
    [long] $MaxLag = 100000
)
$ErrorActionPreference = 'Stop'
try { Import-Module KPops -ErrorAction Stop }
catch {
    # A missing module is the check failing to run, not an unhealthy pipeline.
    [Console]::Error.WriteLine("The health check could not run: the KPops module could not be imported ($($_.Exception.Message)). " +
        'Install it (Install-Module KPops) or add its folder to $env:PSModulePath.')
    exit 2
}

try {
    $parameters = @{ Path = $Path; MaxLag = $MaxLag }
    if ($Environment) { $parameters.Environment = $Environment }
    $results = Get-KPopsStatus @parameters
}
catch {
    Write-Error "The health check could not run: $_" -ErrorAction Continue
    exit 2
}

$problems = @($results | Where-Object Status -ne 'InSync')
if ($problems.Count -eq 0) {
    Write-Output "All $(@($results).Count) resources are InSync."
    exit 0
}
foreach ($problem in $problems) {
    Write-Output ("{0} {1} {2} {3}: {4}" -f $problem.Pipeline, $problem.Component, $problem.Kind, $problem.Resource, $problem.Status)
    if ($problem.Reason) { Write-Output "    $($problem.Reason)" }
}
exit 1
