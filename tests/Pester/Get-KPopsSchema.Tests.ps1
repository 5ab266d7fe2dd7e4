BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-KPopsModulePath) -Force
}

Describe 'Get-KPopsSchema' {
    It 'writes a JSON Schema of <For>' -ForEach @(@{ For = 'Pipeline' }, @{ For = 'Defaults' }, @{ For = 'Config' }) {
        $schema = Get-KPopsSchema -For $For | ConvertFrom-Json -AsHashtable
        $schema['$schema'] | Should -Be 'http://json-schema.org/draft-07/schema#'
        $schema.definitions.Count | Should -BeGreaterThan 0
    }

    It 'lists every concrete type in the pipeline schema' {
        $schema = Get-KPopsSchema Pipeline | ConvertFrom-Json -AsHashtable
        $schema.items.discriminator.mapping.Keys | Sort-Object | Should -Be @('consumer-app', 'helm-app', 'kafka-sink-connector', 'kafka-source-connector', 'producer-app', 'producer-app-v2', 'streams-app', 'streams-app-v2')
    }

    It 'includes abstract types and cleaners in the defaults schema' {
        $schema = Get-KPopsSchema Defaults | ConvertFrom-Json -AsHashtable
        $schema.properties.Keys | Should -Contain 'streams-bootstrap'
        $schema.properties.Keys | Should -Contain 'streams-bootstrap-v2'
        $schema.properties.Keys | Should -Contain 'cleaner'
    }

    It 'requires kafka_brokers in the config schema' {
        (Get-KPopsSchema Config | ConvertFrom-Json).required | Should -Contain 'kafka_brokers'
    }

    It 'includes registered custom types' {
        Register-KPopsComponentType -Name schema-test-app -BaseType streams-app -Force
        try { (Get-KPopsSchema Pipeline | ConvertFrom-Json -AsHashtable).items.discriminator.mapping.Keys | Should -Contain 'schema-test-app' }
        finally { Unregister-KPopsComponentType schema-test-app }
    }
}
