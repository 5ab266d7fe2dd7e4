#Requires -Version 7.4
<#
    Get-KPopsStatus against the test world (tests/TestWorld.Host): what it reads, with the clients of the session.
#>

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $RepoRoot = Get-RepositoryRoot
    Import-Module (Resolve-Path (Get-KPopsModulePath)).ProviderPath
    Import-Module (Join-Path $RepoRoot 'tests/TestWorld.Host/TestWorldHost.psm1') -Force
}

Describe 'Get-KPopsStatus' -Tag Lifecycle {
    BeforeAll {
        $World = Start-TestWorld -Helm 4
        $SavedEnvironment = Set-TestWorldEnvironment $World
        $Project = Join-Path $TestDrive 'status-project'
        New-TestProject -Root $Project -Name status -Config "pipeline_base_dir: .`nkafka_brokers: kafka:9092`n" -Defaults @'
kubernetes-app:
  namespace: kpops-status
'@ -Pipeline @'
- type: producer-app
  name: sentences
  values:
    image: example/sentence-producer
    imageTag: "1.0.0"
  to:
    topics:
      status-sentences:
        value_schema: com.example.StatusSentence
'@ | Out-Null
        $Schema = '{"type":"record","name":"StatusSentence","namespace":"com.example","fields":[{"name":"text","type":"string"}]}'
    }

    AfterAll {
        if ($SavedEnvironment) { Restore-EnvironmentVariable $SavedEnvironment }
        if ($World) { $World.Stop() }
    }

    It 'compares a subject with the schema of a provider registered with Register-KPopsSchemaProvider' {
        $body = @{ schema = $Schema } | ConvertTo-Json
        Invoke-RestMethod -Method Post -Uri ($World.SchemaRegistryUrl.TrimEnd('/') + '/subjects/status-sentences-value/versions') `
            -ContentType 'application/vnd.schemaregistry.v1+json' -Body $body | Out-Null
        Register-KPopsSchemaProvider -Name pester-status -ScriptBlock {
            param($SchemaClass)
            if ($SchemaClass -eq 'com.example.StatusSentence') {
                '{"type":"record","name":"StatusSentence","namespace":"com.example","fields":[{"name":"text","type":"string"}]}'
            }
        }

        Push-Location $Project
        try { $subject = Get-KPopsStatus -Path status | Where-Object Kind -eq Subject }
        finally { Pop-Location }

        $subject.Resource | Should -Be 'status-sentences-value'
        "$($subject.Status)" | Should -Be 'InSync' -Because $subject.Reason
    }
}
