@{
    RootModule           = 'KPops.dll'
    ModuleVersion        = '0.1.0'
    CompatiblePSEditions = @('Core')
    GUID                 = '5b0f3c1e-8d7a-4a57-9f64-2b1f7e3c9a41'
    Author               = 'KPops contributors'
    CompanyName          = 'KPops'
    Copyright            = '(c) KPops contributors. MIT License.'
    Description          = 'Deploy, destroy, reset and clean Kafka pipelines on Kubernetes: Helm apps, streams-bootstrap apps, Kafka Connect connectors, their topics and schemas. Reads KPOps pipeline, defaults and config files unchanged.'
    PowerShellVersion    = '7.4'
    # Imported before RootModule: sets up the engine's load context before PowerShell inspects the cmdlets.
    NestedModules        = @('KPops.Isolation.psm1')
    FormatsToProcess     = @('KPops.Format.ps1xml')
    CmdletsToExport      = @(
        'Get-KPopsComponent'
        'ConvertTo-KPopsYaml'
        'Invoke-KPopsDeploy'
        'Invoke-KPopsDestroy'
        'Reset-KPopsPipeline'
        'Clear-KPopsPipeline'
        'Get-KPopsManifest'
        'Get-KPopsStatus'
        'Register-KPopsSchemaProvider'
        'Get-KPopsSchema'
        'New-KPopsProject'
        'Register-KPopsComponentType'
        'Get-KPopsComponentType'
        'Unregister-KPopsComponentType'
        'Get-KPopsGraph'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags       = @('Kafka', 'Kubernetes', 'Helm', 'KafkaConnect', 'SchemaRegistry', 'KPOps', 'GitOps')
            LicenseUri = 'https://opensource.org/licenses/MIT'
        }
    }
}
