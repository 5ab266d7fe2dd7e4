#Requires -Version 7.4
<#
    Hostile and broken input through the cmdlets, each case in a child `pwsh -NonInteractive` (several cases per
    child): a crash (a stack overflow, an abort) ends the child and fails its cases instead of the test host. Every
    case must end in KPops errors only, with the expected ErrorId, file and line, a message of bounded length, and no
    call to a service: helm on PATH is a stand-in that records any call, and Kafka, Kafka Connect and the Schema
    Registry point at a closed port (a call would fail with another ErrorId).
    The engine's corpus (tests/Unit/Hostile) holds more cases of each class; these are the ones that reach a cmdlet.
#>

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $RepoRoot = Get-RepositoryRoot
    $ModulePath = (Resolve-Path (Get-KPopsModulePath)).ProviderPath
    $Posix = $IsLinux -or $IsMacOS
}

BeforeDiscovery {
    $P = 'pipelines/demo/pipeline.yaml'
    $D = 'pipelines/defaults.yaml'
    $C = 'config.yaml'
    $Deploy = "Invoke-KPopsDeploy -Path $P -Confirm:`$false"
    $Manifest = "Get-KPopsManifest -Path $P"
    $Status = "Get-KPopsStatus -Path $P"
    $Components = "Get-KPopsComponent -Path $P"
    $Destroy = "Invoke-KPopsDestroy -Path $P -Force"
    $App = "- type: helm-app`n  name: app`n  chart: repo/chart`n"
    $Topic = "- type: streams-app`n  name: app`n  to:`n    topics:`n      out:`n"
    $Brackets = '[' * 40000
    $Laughs = "    l0: &l0 [x, x, x, x, x, x, x, x, x, x]`n"
    foreach ($level in 1..9) { $Laughs += "    l${level}: &l$level [" + ((@("*l$($level - 1)") * 10) -join ', ') + "]`n" }
    function Connector([string] $Name) { "- type: kafka-sink-connector`n  name: $Name`n  prefix: `"`"`n  config:`n    connector.class: io.example.Sink`n" }
    function Case([string] $Name, [string] $ErrorId, [string] $File, [int] $Line, [string] $Command, [hashtable] $Files,
        [hashtable] $Environment = @{}, [string[]] $Links = @(), [string[]] $Pipes = @(), [switch] $PosixOnly) {
        @{ Name = $Name; ErrorId = $ErrorId; File = $File; Line = $Line; Command = $Command; Files = $Files; Environment = $Environment
            Links = $Links; Pipes = $Pipes; PosixOnly = [bool] $PosixOnly }
    }

    $Cases = @(
        # 1. names that would become helm flags
        Case 'a prefix that is a helm option' InvalidReleaseName $P 4 $Manifest @{ $P = $App + "  prefix: --post-renderer=`n" }
        Case 'a namespace that passes a kubeconfig' InvalidNamespace $P 4 $Deploy @{ $P = $App + "  namespace: --kubeconfig=/etc/passwd`n" }
        Case 'a chart that is a helm option' InvalidChartReference $P 3 $Deploy @{ $P = "- type: helm-app`n  name: app`n  chart: --post-renderer=sh`n" }
        Case 'a repository name that is an option' InvalidChartReference $P 5 $Manifest @{
            $P = $App + "  repo_config:`n    repository_name: --insecure-skip-tls-verify`n    url: https://charts.example.com`n" }
        Case 'a namespace with an unset variable' UnresolvedPlaceholder $P 4 $Deploy @{ $P = $App + "  namespace: `${NOT_SET}`n" }
        Case 'a chart version that is an option' InvalidChartReference $P 4 $Status @{ $P = $App + "  version: --devel`n" }
        Case 'a helm context that is an option' ConfigInvalid $C 4 $Deploy @{ $C = "{{config}}helm_config:`n  context: --kubeconfig=/etc/passwd`n"; $P = $App }
        # 2. nesting
        Case '40 KB of [ in a pipeline value' YamlTooDeep $P 5 $Deploy @{ $P = $App + "  values:`n    deep: $Brackets" }
        Case '40 KB of [ in config.yaml' YamlTooDeep $C 4 $Components @{ $C = "{{config}}helm_config:`n  api_version: $Brackets`n"; $P = $App }
        Case '40 KB of [ in defaults.yaml' YamlTooDeep $D 4 $Manifest @{ $D = "kubernetes-app:`n  namespace: ns`n  values:`n    deep: $Brackets`n"; $P = $App }
        # 3. files that are no files, link loops
        Case 'defaults.yaml is a named pipe' NotARegularFile $D 0 $Deploy @{ $P = $App } -Pipes $D -PosixOnly
        Case 'a link loop as the pipeline path' FileUnreadable 'pipelines/demo/loop.yaml' 0 'Get-KPopsComponent -Path pipelines/demo/loop.yaml' @{} `
            -Links 'pipelines/demo/loop.yaml=loop2.yaml', 'pipelines/demo/loop2.yaml=loop.yaml'
        Case 'a link loop in pipeline_base_dir' FileUnreadable 'loop-a' 0 $Deploy @{ $C = "pipeline_base_dir: loop-a`nkafka_brokers: {{broker}}`n"; $P = $App } `
            -Links 'loop-a=loop-b', 'loop-b=loop-a'
        # 4. expansion
        Case 'a billion laughs in a pipeline' YamlAliasLimit $P 10 $Deploy @{ $P = $App + "  values:`n" + $Laughs }
        Case 'a billion laughs in defaults.yaml' YamlAliasLimit $D 9 $Components @{ $D = "kubernetes-app:`n  namespace: ns`n  values:`n" + $Laughs; $P = $App }
        Case 'an environment variable ${X}${X} referring to itself' SubstitutionLimit $P 5 $Manifest @{ $P = $App + "  values:`n    v: `${X}`n" } `
            -Environment @{ X = '${X}${X}' }
        Case 'a component value repeating itself twice' SubstitutionLimit $P 5 $Deploy @{ $P = $App + "  values:`n    v: `${component.values.v}`${component.values.v}`n" }
        Case 'two variables referring to each other' SubstitutionLoop $P 5 $Status @{ $P = $App + "  values:`n    v: `${A}`n" } -Environment @{ A = '${B}'; B = '${A}' }
        # 5. names that address other files or URLs
        Case 'an environment that climbs out of the folder' InvalidEnvironmentName '-Environment (or KPOPS_ENVIRONMENT)' 0 "$Deploy -Environment x/../secrets/evil" @{ $P = $App }
        Case "a connector named '..'" InvalidConnectorName $P 2 $Deploy @{ $P = Connector '..' }
        Case 'an empty connector name' InvalidConnectorName $P 2 $Destroy @{ $P = Connector '""' }
        Case 'a component name with a final line break' InvalidKubernetesName $P 2 $Deploy @{ $P = "- type: helm-app`n  name: `"app\n`"`n  chart: repo/chart`n" }
        Case 'a namespace with capitals' InvalidNamespace $P 4 $Manifest @{ $P = $App + "  namespace: Production`n" }
        # 6. I/O and argument errors
        Case 'a NUL character in the pipeline path' InvalidPath '' 0 'Invoke-KPopsDeploy -Path "pipelines/demo/pipe`0line.yaml" -Confirm:$false' @{ $P = $App }
        Case 'a NUL character in pipeline_base_dir' ConfigInvalid $C 1 $Deploy @{ $C = "pipeline_base_dir: `"pipe\0lines`"`nkafka_brokers: {{broker}}`n"; $P = $App }
        Case 'a negative kafka_connect.timeout' ConfigInvalid $C 4 $Deploy @{ $C = "{{config}}kafka_connect:`n  timeout: -1`n"; $P = Connector 'sink' }
        # 7. silent acceptance
        Case 'an invalid UTF-8 byte in a pipeline' InvalidEncoding $P 3 $Deploy @{ $P = [byte[]] ([Text.Encoding]::UTF8.GetBytes("- type: helm-app`n  name: app`n  chart: ") + 0xFF + 0x0A) }
        Case 'a custom tag on a mapping' YamlSyntax $P 4 $Manifest @{ $P = $App + "  values: !custom {a: 1}`n" }
        Case 'a null topic config' InvalidFieldType $P 7 $Deploy @{ $P = $Topic + "        configs:`n          retention.ms: ~`n" }
        Case 'zero partitions' InvalidFieldValue $P 6 $Manifest @{ $P = $Topic + "        partitions_count: 0`n" }
        Case 'a tab in the indentation of the third line' YamlSyntax $P 3 $Components @{ $P = "- type: helm-app`n  name: app`n`tchart: repo/chart`n" }
        Case 'a dotenv quote that never closes' DotEnvInvalid '.env' 2 "$Deploy -DotEnv .env" @{ '.env' = "A=1`nB=`"open`nC=2`nD=3`n"; $P = $App }
        Case 'bad JSON in a KPOPS_ variable of a dotenv file' EnvironmentVariableInvalid '.env' 3 "$Deploy -DotEnv .env" @{
            '.env' = "A=1`n`nKPOPS_STRIMZI_TOPIC={`"label`": {`n"; $P = $App }
        Case 'a component type that is a list' UnknownComponentType $P 1 $Deploy @{ $P = "- type: [streams-app]`n  name: app`n" }
        Case 'an unknown field named by a 1 MB key' UnknownField $P 6 $Deploy @{ $P = $Topic + "        ? " + ('k' * 1MB) + "`n        : 1`n" }
    )
}

Describe 'Hostile input through the cmdlets, in child processes' -Tag Hostile -ForEach @(@{ AllCases = $Cases }) {
    BeforeAll {
        $work = Join-Path $TestDrive 'hostile'
        New-Item -ItemType Directory $work | Out-Null
        $port = Get-ClosedPort
        # A helm that records every call: none may happen.
        $bin = Join-Path $work 'bin'
        New-Item -ItemType Directory $bin | Out-Null
        $calls = Join-Path $work 'helm-calls.log'
        if ($Posix) {
            Set-Content (Join-Path $bin 'helm') "#!/bin/sh`necho `"`$@`" >> '$calls'`nexit 1`n"
            & chmod +x (Join-Path $bin 'helm')
        }
        else { Set-Content (Join-Path $bin 'helm.cmd') "@echo %* >> `"$calls`"`r`n@exit /b 1`r`n" }

        $runner = Join-Path $work 'run-cases.ps1'
        Set-Content $runner @'
param([string] $CasesPath, [string] $ResultsPath, [string] $ModulePath, [string] $Work)
Import-Module $ModulePath
foreach ($case in (Get-Content -Raw $CasesPath | ConvertFrom-Json -AsHashtable)) {
    $root = Join-Path $Work $case.Id
    New-Item -ItemType Directory $root -Force | Out-Null
    foreach ($file in $case.Files.Keys) {
        $path = Join-Path $root $file
        New-Item -ItemType Directory (Split-Path $path) -Force | Out-Null
        [IO.File]::WriteAllBytes($path, [Convert]::FromBase64String($case.Files[$file]))
    }
    foreach ($link in $case.Links) {
        $name, $target = $link -split '=', 2
        $path = Join-Path $root $name
        New-Item -ItemType Directory (Split-Path $path) -Force | Out-Null
        [IO.File]::CreateSymbolicLink($path, $target) | Out-Null
    }
    foreach ($pipe in $case.Pipes) { & mkfifo (Join-Path $root $pipe) }
    foreach ($name in $case.Environment.Keys) { [Environment]::SetEnvironmentVariable($name, $case.Environment[$name]) }
    Set-Location -LiteralPath $root
    $records = [Collections.Generic.List[object]]::new()
    $written = 0
    try {
        & ([scriptblock]::Create($case.Command)) 2>&1 | ForEach-Object {
            if ($_ -is [Management.Automation.ErrorRecord]) { $records.Add($_) } else { $written++ }
        }
    }
    catch { $records.Add($_) }
    foreach ($name in $case.Environment.Keys) { [Environment]::SetEnvironmentVariable($name, $null) }
    $errors = @($records | ForEach-Object {
            $exception = $_.Exception
            $message = if ($_.ErrorDetails.Message) { $_.ErrorDetails.Message } else { $exception.Message }
            [ordered]@{
                Type = $exception.GetType().FullName
                ErrorId = if ($exception.PSObject.Properties['ErrorId']) { $exception.ErrorId } else { $_.FullyQualifiedErrorId }
                File = if ($exception.PSObject.Properties['File']) { $exception.File } else { $null }
                Line = if ($exception.PSObject.Properties['Line']) { $exception.Line } else { $null }
                Length = $message.Length
                Message = $message.Substring(0, [Math]::Min(300, $message.Length))
            }
        })
    [ordered]@{ Id = $case.Id; Written = $written; Errors = $errors } | ConvertTo-Json -Depth 5 -Compress | Add-Content $ResultsPath
}
'@

        $all = @($AllCases | Where-Object { $Posix -or -not $_.PosixOnly })
        $config = "pipeline_base_dir: pipelines`nkafka_brokers: 127.0.0.1:$port`n"
        $standardDefaults = "kubernetes-app:`n  namespace: test-ns`nstreams-bootstrap:`n  values:`n    image: registry/app`n    imageTag: `"1.0.0`"`n"
        $serialised = for ($i = 0; $i -lt $all.Count; $i++) {
            $case = $all[$i]
            $files = @{ 'config.yaml' = $config; 'pipelines/defaults.yaml' = $standardDefaults }
            foreach ($key in $case.Files.Keys) { $files[$key] = $case.Files[$key] }
            $encoded = @{}
            foreach ($key in $files.Keys) {
                $content = $files[$key]
                $bytes = if ($content -is [byte[]]) { $content }
                else { [Text.Encoding]::UTF8.GetBytes(($content -replace '\{\{config\}\}', $config -replace '\{\{broker\}\}', "127.0.0.1:$port")) }
                $encoded[$key] = [Convert]::ToBase64String($bytes)
            }
            foreach ($pipe in $case.Pipes) { $encoded.Remove($pipe) }
            @{ Id = "case$i"; Command = $case.Command; Files = $encoded; Links = @($case.Links); Pipes = @($case.Pipes); Environment = $case.Environment }
        }

        # Two children, each with half of the cases.
        $script:Results = @{}
        $script:ChildExitCodes = @()
        $saved = Set-EnvironmentVariable @{
            PATH = $bin + [IO.Path]::PathSeparator + $env:PATH
            NO_COLOR = '1'
            KPOPS_KAFKA_CONNECT__URL = "http://127.0.0.1:$port/"
            KPOPS_SCHEMA_REGISTRY__URL = "http://127.0.0.1:$port/"
            KPOPS_SCHEMA_REGISTRY__ENABLED = 'true'
        }
        Push-Location $RepoRoot
        try {
            $half = [Math]::Ceiling($serialised.Count / 2)
            foreach ($batch in @(@($serialised[0..($half - 1)]), @($serialised[$half..($serialised.Count - 1)]))) {
                $casesPath = Join-Path $work "cases-$($script:ChildExitCodes.Count).json"
                $resultsPath = Join-Path $work "results-$($script:ChildExitCodes.Count).jsonl"
                ConvertTo-Json -InputObject $batch -Depth 5 -Compress | Set-Content $casesPath
                $output = & dotnet pwsh -NoProfile -NonInteractive -File $runner -CasesPath $casesPath -ResultsPath $resultsPath -ModulePath $ModulePath -Work $work 2>&1
                $script:ChildExitCodes += $LASTEXITCODE
                Write-Host ($output -join "`n")
                if (Test-Path $resultsPath) {
                    foreach ($line in Get-Content $resultsPath) { $result = $line | ConvertFrom-Json -AsHashtable; $script:Results[$result.Id] = $result }
                }
            }
        }
        finally {
            Pop-Location
            Restore-EnvironmentVariable $saved
        }
        $script:CaseIds = @{}
        for ($i = 0; $i -lt $all.Count; $i++) { $script:CaseIds[$all[$i].Name] = "case$i" }
        $script:HelmCalls = $calls
    }

    It 'the children end normally (no crash, no lost host)' {
        $script:ChildExitCodes | Should -Be @(0, 0)
    }

    It 'no case calls helm' {
        Test-Path $script:HelmCalls | Should -BeFalse -Because "helm was called: $(Get-Content $script:HelmCalls -Raw -ErrorAction SilentlyContinue)"
    }

    It '<Name>: <ErrorId> at <File>:<Line>' -ForEach $Cases {
        if ($PosixOnly -and -not $Posix) { Set-ItResult -Skipped -Because 'needs named pipes'; return }
        $result = $script:Results[$script:CaseIds[$Name]]
        $result | Should -Not -BeNullOrEmpty -Because 'the child that ran the case must report it (a crash loses it)'
        $result.Written | Should -Be 0 -Because 'nothing is deployed, rendered or listed from hostile input'
        @($result.Errors).Count | Should -Be 1 -Because ($result.Errors | ConvertTo-Json -Depth 4)
        $error1 = $result.Errors[0]
        $error1.Type | Should -Be 'KPops.PowerShell.Internal.KPopsErrorException' -Because $error1.Message
        $error1.ErrorId | Should -Be $ErrorId -Because $error1.Message
        if ($File) {
            ($error1.File -replace '\\', '/') | Should -BeLike "*$File"
        }
        else { $error1.File | Should -BeNullOrEmpty }
        if ($Line) { $error1.Line | Should -Be $Line -Because $error1.Message }
        $error1.Length | Should -BeLessOrEqual 6000
    }
}

Describe 'examples/Test-PipelineHealth.ps1 without the module' -Tag Hostile {
    It 'exits with 2 and says that the module could not be imported' {
        $empty = Join-Path $TestDrive 'no-modules'
        New-Item -ItemType Directory $empty | Out-Null
        $saved = Set-EnvironmentVariable @{ PSModulePath = $empty; NO_COLOR = '1' }
        Push-Location $RepoRoot
        try {
            $output = & dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $RepoRoot 'examples/Test-PipelineHealth.ps1') -Path word-count 2>&1 |
                ForEach-Object { "$_" }
            $exitCode = $LASTEXITCODE
        }
        finally {
            Pop-Location
            Restore-EnvironmentVariable $saved
        }

        $exitCode | Should -Be 2 -Because ($output -join "`n")
        ($output -join "`n") | Should -Match 'The health check could not run: the KPops module could not be imported'
    }
}

Describe 'A failed manifest run fails its job' -Tag Hostile {
    BeforeAll {
        # A helm that renders the release of 'first' and fails for 'second', deterministically and without a cluster.
        $project = Join-Path $TestDrive 'manifest-job'
        New-Item -ItemType Directory (Join-Path $project 'bin'), (Join-Path $project 'pipelines/demo') -Force | Out-Null
        Set-Content (Join-Path $project 'config.yaml') "pipeline_base_dir: pipelines`nkafka_brokers: 127.0.0.1:9`n"
        Set-Content (Join-Path $project 'pipelines/defaults.yaml') "kubernetes-app:`n  namespace: test-ns`n"
        Set-Content (Join-Path $project 'pipelines/demo/pipeline.yaml') "- type: helm-app`n  name: first`n  chart: repo/chart`n- type: helm-app`n  name: second`n  chart: repo/chart`n"
        $helm = Join-Path $project 'bin/helm'
        Set-Content $helm @'
#!/bin/sh
case "$*" in
  "version --short") echo "v3.18.0+gdeadbee" ;;
  template*" -- demo-first repo/chart") printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: demo-first\n' ;;
  *) echo "Error: chart repo/chart not found" >&2; exit 1 ;;
esac
'@
        if ($IsLinux -or $IsMacOS) { & chmod +x $helm }

        function Invoke-Job([string] $Body) {
            $job = Join-Path $project "job-$([guid]::NewGuid().ToString('N')).ps1"
            Set-Content $job ($Body -replace '\{\{module\}\}', $ModulePath -replace '\{\{project\}\}', $project)
            $saved = Set-EnvironmentVariable @{ PATH = (Join-Path $project 'bin') + [IO.Path]::PathSeparator + $env:PATH }
            try { Invoke-PwshScript $job }
            finally { Restore-EnvironmentVariable $saved }
        }
    }

    It 'exits 1 with <Name>' -Skip:(-not ($IsLinux -or $IsMacOS)) -ForEach @(
        @{ Name = "`$ErrorActionPreference = 'Stop'"; Preference = "`$ErrorActionPreference = 'Stop'"; Parameter = '' }
        @{ Name = '-ErrorAction Stop'; Preference = ''; Parameter = '-ErrorAction Stop' }
    ) {
        $run = Invoke-Job @"
$Preference
Import-Module '{{module}}'
Set-Location -LiteralPath '{{project}}'
Get-KPopsManifest -Path pipelines/demo/pipeline.yaml $Parameter | ForEach-Object { "DOC=`$(`$_.Name)" }
'not reached'
"@
        $run.ExitCode | Should -Be 1 -Because $run.Output
        $run.Output | Should -Match 'helm template failed with exit code 1'
        $run.Output | Should -Not -Match 'not reached'
    }

    It 'exits 1 with -ErrorAction Stop when the pipeline path does not exist' {
        $run = Invoke-Job @'
Import-Module '{{module}}'
Set-Location -LiteralPath '{{project}}'
Get-KPopsManifest -Path pipelines/missing.yaml -ErrorAction Stop
'not reached'
'@
        $run.ExitCode | Should -Be 1 -Because $run.Output
        $run.Output | Should -Not -Match 'not reached'
    }

    It 'keeps the documents rendered before the failure, with $? false and the component as the target' -Skip:(-not ($IsLinux -or $IsMacOS)) {
        $run = Invoke-Job @'
Import-Module '{{module}}'
Set-Location -LiteralPath '{{project}}'
$documents = Get-KPopsManifest -Path pipelines/demo/pipeline.yaml -ErrorVariable failed 2>$null
"SUCCEEDED=$?"
"DOCUMENTS=$(@($documents).Count)"
"ERRORS=$(@($failed).Count) $($failed[0].FullyQualifiedErrorId)"
"TARGET=$($failed[0].TargetObject.GetType().FullName) $($failed[0].TargetObject.Name)"
'@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $lines = $run.Output -split "`n"
        $lines | Should -Contain 'SUCCEEDED=False'
        $lines | Should -Contain 'DOCUMENTS=1'
        $lines | Should -Contain 'ERRORS=1 HelmRequestFailed,KPops.PowerShell.Commands.GetKPopsManifestCommand'
        $lines | Should -Contain 'TARGET=KPops.Engine.Model.Component second'
    }
}
