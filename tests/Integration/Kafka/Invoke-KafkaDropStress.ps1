#Requires -Version 7.4
<#
    Runs admin requests of the KPops Kafka client against a broker that drops connections (the test world's broker
    double with drop rules, set up by the test that starts this script). librdkafka aborts the whole process when a
    connection fails under some admin requests (librdkafka issue 4605), so this runs in a child process: the test
    asserts that it ends normally and prints its summary line.
#>
param(
    [Parameter(Mandatory)][string] $ModulePath,
    [Parameter(Mandatory)][string] $Broker,
    [int] $Rounds = 100,
    [string[]] $Only = @()
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
# The engine lives in the module's own load context: its types are reached through its assembly, not by name.
$engine = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'KPops.Engine' } | Select-Object -First 1
$settingsType = $engine.GetType('KPops.Engine.Clients.Kafka.KafkaAdminSettings', $true)
$clientType = $engine.GetType('KPops.Engine.Clients.Kafka.KafkaAdminClient', $true)
$settings = $settingsType::new($Broker, [TimeSpan]::FromSeconds(2), $null)
$outcomes = @{}
for ($round = 0; $round -lt $Rounds; $round++) {
    # A fresh client per round: librdkafka's reconnect backoff does not grow over the run, and disposing a client
    # with requests in flight is part of what is exercised.
    $client = $clientType::new($settings, $null)
    try {
        $group = "stress-group-$($round % 5)"
        $none = [Threading.CancellationToken]::None
        $starts = [ordered]@{
            DescribeGroup = { $client.DescribeGroupAsync($group, $none) }
            ListGroupOffsets = { $client.ListGroupOffsetsAsync($group, $none) }
            DeleteGroup = { $client.DeleteGroupAsync($group, $none) }
            DescribeTopic = { $client.DescribeTopicAsync('stress-topic', $none) }
            ListEndOffsets = { $client.ListEndOffsetsAsync([string[]] @('stress-topic'), $none) }
        }
        # All at once: several requests are in flight on the connection that is dropped.
        $calls = @($starts.Keys | Where-Object { $Only.Count -eq 0 -or $_ -in $Only } | ForEach-Object { & $starts[$_] })
        foreach ($call in $calls) {
            try {
                $null = $call.GetAwaiter().GetResult()
                $outcomes['ok'] = 1 + $outcomes['ok']
            }
            catch {
                $exception = $_.Exception
                while ($exception -is [Management.Automation.MethodInvocationException] -and $exception.InnerException) { $exception = $exception.InnerException }
                $id = if ($exception.PSObject.Properties['ErrorId']) { $exception.ErrorId } else { $exception.GetType().Name }
                $outcomes[$id] = 1 + $outcomes[$id]
            }
        }
    }
    finally { $client.Dispose() }
}
"STRESS DONE rounds=$Rounds " + (($outcomes.GetEnumerator() | Sort-Object Key | ForEach-Object { "$($_.Key)=$($_.Value)" }) -join ' ')
