#Requires -Version 7.4
<#
    The cluster a run reaches, named on the command line (-Kubeconfig, -KubeContext) instead of helm_config, shown in
    the plan's verbose Target line and the confirmation target; status objects piped back to Invoke-KPopsDeploy; the
    consumer group of an app that is not deployed. Against the test world (helm 4) with examples/word-count.
#>

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $RepoRoot = Get-RepositoryRoot
    Import-Module (Resolve-Path (Get-KPopsModulePath)).ProviderPath
    Import-Module (Join-Path $RepoRoot 'tests/TestWorld.Host/TestWorldHost.psm1') -Force
}

Describe 'The target named on the command line' -Tag Lifecycle {
    BeforeAll {
        $World = Start-TestWorld -Helm 4
        # Only the command line names the cluster: helm_config.kubeconfig and context are not set.
        $Saved = Set-TestWorldEnvironment $World -Additional @{
            KPOPS_ENVIRONMENT = 'demo'; KPOPS_HELM_CONFIG__KUBECONFIG = $null; KPOPS_HELM_CONFIG__CONTEXT = $null; KUBECONFIG = $null
        }
        $Target = @{ Kubeconfig = $World.KubeconfigPath }
        if ($World.KubeContext) { $Target.KubeContext = $World.KubeContext }
        $Workspace = Join-Path $TestDrive 'examples'
        Copy-Item (Join-Path $RepoRoot 'examples') $Workspace -Recurse
        Push-Location $Workspace
    }

    AfterAll {
        Pop-Location
        if ($Saved) { Restore-EnvironmentVariable $Saved }
        if ($World) { $World.Stop() }
    }

    BeforeEach { $World.Reset() }

    It 'reports the consumer groups of an app and a connector that are not deployed as Missing' {
        $groups = @(Get-KPopsStatus ./word-count @Target | Where-Object { "$($_.Kind)" -eq 'ConsumerGroup' })
        $groups.Component | Should -Be @('word-count-app', 'redis-sink-connector')
        foreach ($group in $groups) { "$($group.Status)" | Should -Be 'Missing' -Because $group.Reason }
    }

    It 'plans and deploys with -Kubeconfig, naming context and namespace in the Target line' {
        $output = @(Invoke-KPopsDeploy ./word-count -WhatIf -Verbose @Target 4>&1 6>$null)
        $verbose = @($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message
        $context = if ($World.KubeContext) { $World.KubeContext } else { '\S+' }
        ($verbose -join "`n") | Should -Match "(?m)^Target: context $context, namespace kpops-demo \(pipeline word-count\)$"
        @($output | Where-Object { $_.PSObject.TypeNames -contains 'KPops.Engine.Lifecycle.StepResult' }).Count | Should -BeGreaterThan 4

        $deployed = @(Invoke-KPopsDeploy ./word-count @Target)
        ($deployed | Where-Object { "$($_.Kind)" -eq 'HelmRelease' }).Action | ForEach-Object { "$_" } | Should -Be @('Created', 'Created')
        @(Get-TestWorldRelease $World).name | Should -Contain 'word-count-word-count-app'
    }

    It 'names context and namespace in the confirmation target' {
        # The What if lines go to the host, where a transcript sees them.
        $transcript = Join-Path $TestDrive 'whatif.txt'
        Start-Transcript -Path $transcript | Out-Null
        try { Invoke-KPopsDeploy ./word-count -WhatIf @Target | Out-Null } finally { Stop-Transcript | Out-Null }
        $text = Get-Content -Raw $transcript
        $text | Should -Match 'producer-app data-producer \(pipeline word-count, context \S+, namespace kpops-demo\)'
        $text | Should -Match 'kafka-sink-connector redis-sink-connector \(pipeline word-count, context \S+, namespace \(none\)\)'
    }

    It 'redeploys exactly the components whose status drifted or is missing' {
        Invoke-KPopsDeploy ./word-count @Target | Out-Null
        Invoke-KPopsDestroy ./word-count -Steps redis-sink-connector -Force @Target | Out-Null

        $status = @(Get-KPopsStatus ./word-count @Target)
        ($status | Where-Object { "$($_.Status)" -in 'Drifted', 'Missing' }).Component | Select-Object -Unique | Should -Be 'redis-sink-connector'
        $redeployed = @($status | Invoke-KPopsDeploy @Target)
        $redeployed.Component | Select-Object -Unique | Should -Be 'redis-sink-connector'
        ($redeployed | Where-Object { "$($_.Kind)" -eq 'Connector' }).Action | ForEach-Object { "$_" } | Should -Be 'Created'

        # With -Summary objects, and nothing left to do: nothing runs.
        @(Get-KPopsStatus ./word-count -Summary @Target | Invoke-KPopsDeploy @Target) | Should -BeNullOrEmpty
    }
}
