#Requires -Version 7.4
<#
    The Argo CD config management plugin (gitops/argocd): its generate command is run as Argo CD's repo server runs
    it — the command line of plugin.yaml, the application folder as working directory, the ARGOCD_APP_* build
    variables and the application's env as ARGOCD_ENV_*, and otherwise only the environment of a sidecar (PATH with
    helm, HOME, the module on PSModulePath, helm's folders) — against the chart repository of a test world. Its
    standard output must be a stream of Kubernetes objects and nothing else; failures exit non-zero with the reason
    on standard error and nothing on standard output.
#>

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path (Get-RepositoryRoot) 'tests/TestWorld.Host/TestWorldHost.psm1') -Force
    $RepoRoot = Get-RepositoryRoot
    $ModulePath = (Resolve-Path (Get-KPopsModulePath)).ProviderPath
    $PluginFolder = Join-Path $RepoRoot 'gitops/argocd'
    # Where plugin.yaml's command expects the files of the plugin in the sidecar (the mounted config folder).
    $SidecarConfigFolder = '/home/argocd/cmp-server/config'

    # YAML is parsed with the module's own YamlDotNet, loaded into a load context of its own so the test process
    # keeps no second copy where other tests could meet it.
    $yamlContext = [System.Runtime.Loader.AssemblyLoadContext]::new('argocd-plugin-tests', $true)
    $YamlAssembly = $yamlContext.LoadFromAssemblyPath((Join-Path (Split-Path $ModulePath) 'Dependencies/YamlDotNet.dll'))

    # The documents of a YAML stream as hashtables, lists and strings.
    function ConvertFrom-YamlStream([string] $Text) {
        $stream = [Activator]::CreateInstance($YamlAssembly.GetType('YamlDotNet.RepresentationModel.YamlStream'))
        $stream.Load([IO.StringReader]::new($Text))
        foreach ($document in $stream.Documents) { , (ConvertFrom-YamlNode $document.RootNode) }
    }

    function ConvertFrom-YamlNode($Node) {
        switch ($Node.GetType().Name) {
            'YamlMappingNode' {
                $map = [ordered]@{}
                foreach ($pair in $Node.Children) { $map["$($pair.Key.Value)"] = ConvertFrom-YamlNode $pair.Value }
                return $map
            }
            'YamlSequenceNode' { return , @(foreach ($item in $Node.Children) { ConvertFrom-YamlNode $item }) }
            default { return $Node.Value }
        }
    }

    # plugin.yaml's generate command, with the sidecar's pwsh and file locations mapped to this machine.
    function Get-GenerateCommand {
        $plugin = @(ConvertFrom-YamlStream (Get-Content (Join-Path $PluginFolder 'plugin.yaml') -Raw))[0]
        $command = @($plugin.spec.generate.command) + @(if ($plugin.spec.generate.Contains('args')) { $plugin.spec.generate.args })
        $command[0] | Should -Be 'pwsh'
        # pwsh of this machine is the .NET tool: the same pwsh.dll, started by the dotnet host.
        $line = @((Get-Process -Id $PID).Path, (Join-Path $PSHOME 'pwsh.dll'))
        $line + @($command | Select-Object -Skip 1 | ForEach-Object { $_.Replace($SidecarConfigFolder, $PluginFolder) })
    }

    # A Git checkout as the repo server unpacks it for the sidecar: the examples below examples/.
    function New-Checkout {
        $checkout = Join-Path $TestDrive ([guid]::NewGuid())
        New-Item -ItemType Directory $checkout | Out-Null
        Copy-Item (Join-Path $RepoRoot 'examples') (Join-Path $checkout 'examples') -Recurse
        $checkout
    }

    # Runs the generate command as the repo server does and returns its exit code, stdout and stderr.
    function Invoke-Generate {
        param(
            [Parameter(Mandatory)][string] $Checkout,
            [string] $SourcePath = 'examples/word-count',
            [System.Collections.IDictionary] $AppEnv = @{}
        )
        $line = Get-GenerateCommand
        $start = [System.Diagnostics.ProcessStartInfo]::new($line[0])
        foreach ($argument in $line | Select-Object -Skip 1) { $start.ArgumentList.Add($argument) }
        $start.WorkingDirectory = Join-Path $Checkout $SourcePath
        $start.UseShellExecute = $false
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $start.Environment.Clear()
        $sidecarHome = Join-Path $TestDrive 'sidecar-home'
        New-Item -ItemType Directory $sidecarHome -Force | Out-Null
        # The sidecar: helm on PATH, a writable HOME, the module installed, helm's folders in the scratch volume.
        $sidecar = [ordered]@{
            PATH                 = (Split-Path $World.HelmPath) + [IO.Path]::PathSeparator + '/usr/local/bin:/usr/bin:/bin'
            HOME                 = $sidecarHome
            PSModulePath         = Split-Path (Split-Path $ModulePath)
            HELM_CACHE_HOME      = $World.Environment['HELM_CACHE_HOME']
            HELM_CONFIG_HOME     = $World.Environment['HELM_CONFIG_HOME']
            HELM_DATA_HOME       = $World.Environment['HELM_DATA_HOME']
            DOTNET_CLI_TELEMETRY_OPTOUT = '1'
            POWERSHELL_TELEMETRY_OPTOUT = '1'
        }
        # What Argo CD adds: the build environment of the application, and its env with the ARGOCD_ENV_ prefix.
        $argo = [ordered]@{
            ARGOCD_APP_NAME                   = 'word-count'
            ARGOCD_APP_NAMESPACE              = 'kpops-demo'
            ARGOCD_APP_PROJECT_NAME           = 'default'
            ARGOCD_APP_REVISION               = 'f913b6cbf58aa5ae5ca1f8a2b149477aebcbd9d8'
            ARGOCD_APP_REVISION_SHORT         = 'f913b6c'
            ARGOCD_APP_REVISION_SHORT_8       = 'f913b6cb'
            ARGOCD_APP_SOURCE_PATH            = $SourcePath
            ARGOCD_APP_SOURCE_REPO_URL        = 'https://git.example.com/team/pipelines.git'
            ARGOCD_APP_SOURCE_TARGET_REVISION = 'main'
            KUBE_VERSION                      = '1.31.0'
            KUBE_API_VERSIONS                 = 'v1,apps/v1,batch/v1'
        }
        $appVariables = [ordered]@{ KPOPS_ENVIRONMENT = 'demo'; KPOPS_DEMO_CHART_REPO = $World.ChartRepositoryUrl }
        foreach ($name in $AppEnv.Keys) { $appVariables[$name] = $AppEnv[$name] }
        foreach ($name in $appVariables.Keys) { $argo["ARGOCD_ENV_$name"] = $appVariables[$name] }
        foreach ($variables in $sidecar, $argo) {
            foreach ($name in $variables.Keys) { if ($null -ne $variables[$name]) { $start.Environment[$name] = [string] $variables[$name] } }
        }
        $process = [System.Diagnostics.Process]::Start($start)
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        if (-not $process.WaitForExit(180000)) {
            $process.Kill($true)
            throw "The generate command did not finish within 180 s: $($stderr.Result)"
        }
        $process.WaitForExit()
        [pscustomobject]@{ ExitCode = $process.ExitCode; Stdout = $stdout.Result; Stderr = $stderr.Result }
    }

    $World = Start-TestWorld -Helm 4
}

AfterAll {
    if ($World) { $World.Stop() }
}

Describe 'The Argo CD plugin' -Tag Argo {
    Context 'plugin.yaml' {
        It 'is a ConfigManagementPlugin with a generate command and discovery' {
            $plugin = @(ConvertFrom-YamlStream (Get-Content (Join-Path $PluginFolder 'plugin.yaml') -Raw))[0]
            $plugin.apiVersion | Should -Be 'argoproj.io/v1alpha1'
            $plugin.kind | Should -Be 'ConfigManagementPlugin'
            $plugin.metadata.name | Should -Be 'kpops'
            $plugin.spec.discover.find.glob | Should -Be '**/pipeline.yaml'
            @($plugin.spec.generate.command)[-1] | Should -Be "$SidecarConfigFolder/generate.ps1"
            Join-Path $PluginFolder 'generate.ps1' | Should -Exist
        }
    }

    Context 'generate, run as the repo server runs it' {
        BeforeAll {
            $Checkout = New-Checkout
            $Result = Invoke-Generate -Checkout $Checkout
            $Documents = if ($Result.ExitCode -eq 0) { @(ConvertFrom-YamlStream $Result.Stdout) } else { @() }
        }

        It 'exits 0' {
            $Result.ExitCode | Should -Be 0 -Because $Result.Stderr
        }

        It 'writes a stream of Kubernetes objects, each with apiVersion, kind and metadata.name' {
            $Result.Stdout | Should -Match '^---\n'
            $Documents.Count | Should -BeGreaterOrEqual 4
            foreach ($document in $Documents) {
                $document | Should -BeOfType [System.Collections.Specialized.OrderedDictionary]
                $document.apiVersion | Should -Not -BeNullOrEmpty
                $document.kind | Should -Not -BeNullOrEmpty
                $document.metadata.name | Should -Not -BeNullOrEmpty
            }
        }

        It 'renders the apps in sync wave 1, their topics, and the cleanup jobs as PostDelete hooks (Argo mode)' {
            function Get-Annotation($Document, [string] $Name) {
                if ($Document.metadata.Contains('annotations') -and $Document.metadata.annotations.Contains($Name)) { $Document.metadata.annotations[$Name] }
            }
            $hooks = @($Documents | Where-Object { (Get-Annotation $_ 'argocd.argoproj.io/hook') -eq 'PostDelete' })
            $topics = @($Documents | Where-Object kind -eq 'KafkaTopic')
            $apps = @($Documents | Where-Object { $_ -notin $hooks -and $_ -notin $topics })
            @($apps | ForEach-Object { "$($_.kind) $($_.metadata.name)" } | Sort-Object) | Should -Be @('Deployment word-count-word-count-app', 'Job word-count-data-producer')
            foreach ($app in $apps) { Get-Annotation $app 'argocd.argoproj.io/sync-wave' | Should -Be '1' }
            @($topics | ForEach-Object { $_.metadata.name } | Sort-Object) |
                Should -Be @('word-count-data-producer-topic', 'word-count-word-count-app-dead-letter-topic', 'word-count-word-count-app-topic')
            @($hooks | ForEach-Object { $_.kind } | Select-Object -Unique) | Should -Be 'Job'
            $hooks.Count | Should -Be 2
        }

        It 'writes nothing but the objects to standard output, and its messages to standard error' {
            $Result.Stdout | Should -Not -Match '(?m)^(WARNING|VERBOSE|kpops:)'
            $Result.Stderr | Should -Match 'kpops: rendering examples/word-count at f913b6cbf58aa5ae5ca1f8a2b149477aebcbd9d8 for kpops-demo/word-count: examples/word-count \(environment demo\)'
        }
    }

    Context 'failures' {
        It 'exits non-zero with the error on standard error, and nothing on standard output, for a pipeline that does not load' {
            $checkout = New-Checkout
            Add-Content (Join-Path $checkout 'examples/word-count/pipeline.yaml') "`n- type: no-such-type`n  name: broken`n"
            $result = Invoke-Generate -Checkout $checkout
            $result.ExitCode | Should -Not -Be 0
            $result.Stdout | Should -BeNullOrEmpty
            $result.Stderr | Should -Match 'kpops: .*no-such-type.*\[UnknownComponentType,KPops\.PowerShell\.Commands\.GetKPopsManifestCommand\]'
        }

        It 'refuses paths outside the repository' {
            $result = Invoke-Generate -Checkout (New-Checkout) -AppEnv @{ KPOPS_CONFIG_PATH = '../../..' }
            $result.ExitCode | Should -Not -Be 0
            $result.Stdout | Should -BeNullOrEmpty
            $result.Stderr | Should -Match "ARGOCD_ENV_KPOPS_CONFIG_PATH '../../..' is outside the repository"
        }

        It 'refuses to render nothing unless told that it is intended' {
            $checkout = New-Checkout
            New-Item -ItemType Directory (Join-Path $checkout 'examples/connectors') | Out-Null
            Set-Content (Join-Path $checkout 'examples/connectors/pipeline.yaml') "- type: kafka-sink-connector`n  name: sink`n  config:`n    connector.class: com.example.Sink`n    topics: in`n"
            $refused = Invoke-Generate -Checkout $checkout -SourcePath 'examples/connectors'
            $refused.ExitCode | Should -Not -Be 0
            $refused.Stdout | Should -BeNullOrEmpty
            $refused.Stderr | Should -Match 'render no Kubernetes resources; set ARGOCD_ENV_KPOPS_ALLOW_EMPTY=true'
            $allowed = Invoke-Generate -Checkout $checkout -SourcePath 'examples/connectors' -AppEnv @{ KPOPS_ALLOW_EMPTY = 'true' }
            $allowed.ExitCode | Should -Be 0 -Because $allowed.Stderr
            $allowed.Stdout | Should -BeNullOrEmpty
        }
    }

    Context 'what an application may set' {
        It 'cannot choose the helm binary' {
            $result = Invoke-Generate -Checkout (New-Checkout) -AppEnv @{ KPOPS_HELM_CONFIG__BINARY = '/bin/false' }
            $result.ExitCode | Should -Be 0 -Because $result.Stderr
            $result.Stderr | Should -Match 'ignoring ARGOCD_ENV_KPOPS_HELM_CONFIG__BINARY'
        }

        It 'takes pipelines and the config folder relative to the application folder' {
            $checkout = New-Checkout
            $result = Invoke-Generate -Checkout $checkout -SourcePath 'examples' -AppEnv @{ KPOPS_PIPELINE_PATHS = 'word-count'; KPOPS_CONFIG_PATH = '.' }
            $result.ExitCode | Should -Be 0 -Because $result.Stderr
            @(ConvertFrom-YamlStream $result.Stdout | Where-Object kind -eq 'KafkaTopic').Count | Should -Be 3
        }
    }
}
