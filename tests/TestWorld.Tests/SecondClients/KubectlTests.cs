using System.Text.Json.Nodes;
using KPops.TestWorld.Kubernetes;
using KPops.TestWorld.Xunit;
using Xunit;
using Xunit.Abstractions;

namespace KPops.TestWorld.Tests.SecondClients;

/// <summary>
/// The everyday kubectl commands of an operator against the Kubernetes double, with the answers a real API server
/// gives. Each test works in its own namespace, so the suite also runs against a real cluster.
/// </summary>
[Collection(SecondClientsDefinition.Name)]
public sealed class KubectlTests : TestWorldTest
{
    private readonly Kubectl _kubectl;
    private readonly string _ns = "k" + Guid.NewGuid().ToString("N")[..10];

    public KubectlTests(TestWorldFixture fixture, ITestOutputHelper output) : base(fixture)
    {
        _kubectl = new Kubectl(World, output);
    }

    // A namespace with one object of each kind an operator looks at; the StatefulSet's claim adds a PVC.
    private string App(int replicas = 2, string image = "nginx:1.27", string configValue = "fast") => $$"""
        apiVersion: v1
        kind: Namespace
        metadata:
          name: {{_ns}}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
          namespace: {{_ns}}
          labels: {app: web, tier: front}
        data:
          mode: {{configValue}}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: db-settings
          namespace: {{_ns}}
          labels: {app: db, tier: back}
        data:
          pool: "10"
        ---
        apiVersion: v1
        kind: Secret
        metadata:
          name: creds
          namespace: {{_ns}}
        stringData:
          password: hunter2
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: runner
          namespace: {{_ns}}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: {{_ns}}
          labels: {app: web}
        spec:
          replicas: {{replicas}}
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - name: web
                image: {{image}}
                ports:
                - containerPort: 80
              - name: sidecar
                image: busybox:1.36
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: web
          namespace: {{_ns}}
          labels: {app: web}
        spec:
          selector: {app: web}
          ports:
          - port: 80
        ---
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: db
          namespace: {{_ns}}
          labels: {app: db}
        spec:
          serviceName: db
          replicas: 1
          selector:
            matchLabels: {app: db}
          template:
            metadata:
              labels: {app: db}
            spec:
              containers:
              - name: db
                image: postgres:16
          volumeClaimTemplates:
          - metadata:
              name: data
            spec:
              accessModes: [ReadWriteOnce]
              resources:
                requests:
                  storage: 1Gi
        ---
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: migrate
          namespace: {{_ns}}
          annotations:
            {{KubernetesDouble.JobLogAnnotation}}: "schema migrated to v7"
        spec:
          template:
            spec:
              restartPolicy: Never
              containers:
              - name: migrate
                image: busybox:1.36
                command: [sh, -c, "echo schema migrated to v7"]
        ---
        apiVersion: batch/v1
        kind: CronJob
        metadata:
          name: nightly
          namespace: {{_ns}}
        spec:
          schedule: "0 3 * * *"
          jobTemplate:
            spec:
              template:
                spec:
                  restartPolicy: OnFailure
                  containers:
                  - name: task
                    image: busybox:1.36
        """;

    private Task<ToolResult> ApplyAsync(string manifest, params string[] extra) => _kubectl.RunWithInputAsync(manifest, ["apply", "-f", "-", .. extra]);

    private Task<ToolResult> RunAsync(params string[] arguments) => _kubectl.RunAsync(arguments);

    private async Task DeployAppAsync(params string[] extra) => _ = (await ApplyAsync(App(), extra)).Output;

    [ClientTheory(SecondClient.Kubectl)]
    [InlineData("cm", "settings", "configmap/settings")]
    [InlineData("secret", "creds", "secret/creds")]
    [InlineData("sa", "runner", "serviceaccount/runner")]
    [InlineData("deploy", "web", "deployment.apps/web")]
    [InlineData("svc", "web", "service/web")]
    [InlineData("sts", "db", "statefulset.apps/db")]
    [InlineData("pvc", "data-db-0", "persistentvolumeclaim/data-db-0")]
    [InlineData("job", "migrate", "job.batch/migrate")]
    [InlineData("cj", "nightly", "cronjob.batch/nightly")]
    public async Task Get_by_short_name_finds_the_object(string shortName, string name, string expected)
    {
        await DeployAppAsync();

        var result = await RunAsync("get", shortName, name, "-n", _ns, "-o", "name");

        Assert.Equal(expected, result.Output.Trim());
    }

    [ClientFact(SecondClient.Kubectl)]
    public async Task Get_ns_by_short_name_finds_the_namespace()
    {
        await DeployAppAsync();

        Assert.Equal($"namespace/{_ns}", (await RunAsync("get", "ns", _ns, "-o", "name")).Output.Trim());
    }

    [ClientFact(SecondClient.Kubectl)]
    public async Task Get_po_and_rs_by_short_name_find_what_the_controllers_made()
    {
        await DeployAppAsync();

        var pods = (await RunAsync("get", "po", "-n", _ns, "-l", "job-name=migrate", "-o", "name")).Output;
        var replicaSets = (await RunAsync("get", "rs", "-n", _ns, "-l", "app=web", "-o", "name")).Output;

        Assert.StartsWith("pod/migrate-", pods.Trim());
        Assert.StartsWith("replicaset.apps/web-", replicaSets.Trim());
    }

    [ClientTheory(SecondClient.Kubectl)]
    [InlineData("deploy", "web", "Replicas:")]
    [InlineData("sts", "db", "Volume Claims:")]
    [InlineData("job", "migrate", "Completions:")]
    [InlineData("cj", "nightly", "Schedule:")]
    [InlineData("cm", "settings", "mode:")]
    [InlineData("svc", "web", "Port:")]
    [InlineData("pvc", "data-db-0", "Access Modes:")]
    public async Task Describe_by_short_name_shows_the_object_and_its_events(string shortName, string name, string field)
    {
        await DeployAppAsync();

        var result = await RunAsync("describe", shortName, name, "-n", _ns);

        Assert.Equal(0, result.ExitCode);
        Assert.Matches($"(?m)^Name:\\s+{name}$", result.StandardOutput);
        Assert.Contains(field, result.StandardOutput);
        Assert.Equal("", result.StandardError);
    }

    [ClientFact(SecondClient.Kubectl)]
    public async Task Describe_of_a_deployment_shows_protocol_defaulted_ports()
    {
        await DeployAppAsync();

        var output = (await RunAsync("describe", "deploy", "web", "-n", _ns)).Output;

        Assert.Matches(@"(?m)^\s+Port:\s+80/TCP$", output);
    }

    [ClientFact(SecondClient.Kubectl)]
    public async Task Describe_ns_shows_an_active_namespace()
    {
        await DeployAppAsync();

        var output = (await RunAsync("describe", "ns", _ns)).Output;

        Assert.Matches(@"(?m)^Status:\s+Active$", output);
    }

    [ClientTheory(SecondClient.Kubectl)]
    [InlineData("deploy", "web", @"NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE", @"web\s+2/2\s+2\s+2\s+\d+s")]
    [InlineData("sts", "db", @"NAME\s+READY\s+AGE", @"db\s+1/1\s+\d+s")]
    [InlineData("job", "migrate", @"NAME\s+STATUS\s+COMPLETIONS\s+DURATION\s+AGE", @"migrate\s+Complete\s+1/1\s+\d+s\s+\d+s")]
    [InlineData("cj", "nightly", @"NAME\s+SCHEDULE\s+TIMEZONE\s+SUSPEND\s+ACTIVE\s+LAST SCHEDULE\s+AGE", @"nightly\s+0 3 \* \* \*\s+<none>\s+False\s+0\s+<none>\s+\d+s")]
    [InlineData("svc", "web", @"NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE", @"web\s+ClusterIP\s+[0-9.]+\s+<none>\s+80/TCP\s+\d+s")]
    [InlineData("cm", "settings", @"NAME\s+DATA\s+AGE", @"settings\s+1\s+\d+s")]
    [InlineData("secret", "creds", @"NAME\s+TYPE\s+DATA\s+AGE", @"creds\s+Opaque\s+1\s+\d+s")]
    [InlineData("pvc", "data-db-0", @"NAME\s+STATUS\s+VOLUME\s+CAPACITY\s+ACCESS MODES\s+STORAGECLASS\s+VOLUMEATTRIBUTESCLASS\s+AGE", @"data-db-0\s+Bound\s+.*RWO\s+")]
    public async Task Get_prints_the_columns_the_server_defines_for_the_kind(string shortName, string name, string header, string row)
    {
        await DeployAppAsync();

        var lines = (await RunAsync("get", shortName, name, "-n", _ns)).Output.TrimEnd().Split('\n');

        Assert.Equal(2, lines.Length);
        Assert.Matches($"^{header}$", lines[0]);
        Assert.Matches($"^{row}", lines[1]);
    }

    [ClientFact(SecondClient.Kubectl)]
    public async Task Get_of_a_completed_job_pod_shows_it_completed()
    {
        await DeployAppAsync();
        _ = (await RunAsync("wait", "--for=condition=complete", "job/migrate", "-n", _ns, "--timeout=30s")).Output;

        var lines = (await RunAsync("get", "po", "-n", _ns, "-l", "job-name=migrate", "--no-headers")).Output.TrimEnd().Split('\n');

        Assert.Matches(@"^migrate-\w+\s+0/1\s+Completed\s+0\s+\d+s$", Assert.Single(lines));
    }

    [ClientFact(SecondClient.Kubectl)]
    public async Task Get_wide_adds_the_containers_images_and_selector()
    {
        await DeployAppAsync();

        var lines = (await RunAsync("get", "deploy", "web", "-n", _ns, "-o", "wide")).Output.TrimEnd().Split('\n');

        Assert.Matches(@"^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR$", lines[0]);
        Assert.Matches(@"^web\s+2/2\s+2\s+2\s+\d+s\s+web,sidecar\s+nginx:1.27,busybox:1.36\s+app=web$", lines[1]);
    }

    [ClientFact(SecondClient.Kubectl)]
    public async Task Get_watch_prints_changes_as_rows_under_one_header()
    {
        await DeployAppAsync();
        var watch = RunAsync("get", "cm", "settings", "-n", _ns, "--watch", "--request-timeout=3s");
        await Task.Delay(TimeSpan.FromSeconds(1));

        _ = (await RunAsync("patch", "cm", "settings", "-n", _ns, "--type=merge", "-p", """{"data":{"extra":"x"}}""")).Output;

        var lines = (await watch).Output.TrimEnd().Split('\n');
        Assert.Matches(@"^NAME\s+DATA\s+AGE$", lines[0]);
        Assert.Matches(@"^settings\s+1\s+\d+s$", lines[1]);
        Assert.Matches(@"^settings\s+2\s+\d+s$", lines[^1]);
        Assert.Single(lines, l => l.StartsWith("NAME", StringComparison.Ordinal));
    }

    [ClientFact(SecondClient.Kubectl)]
    public async Task Get_with_show_labels_adds_the_labels_column()
    {
        await DeployAppAsync();

        var lines = (await RunAsync("get", "cm", "settings", "-n", _ns, "--show-labels")).Output.TrimEnd().Split('\n');

        Assert.Matches(@"^settings\s+1\s+\d+s\s+app=web,tier=front$", lines[1]);
    }

    [ClientFact(SecondClient.Kubectl)]
    public async Task Get_all_lists_the_workloads_and_services_of_the_namespace()
    {
        await DeployAppAsync();

        var names = (await RunAsync("get", "all", "-n", _ns, "-o", "name")).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Contains("deployment.apps/web", names);
        Assert.Contains("statefulset.apps/db", names);
        Assert.Contains("service/web", names);
        Assert.Contains("job.batch/migrate", names);
        Assert.Contains("cronjob.batch/nightly", names);
        Assert.Contains(names, n => n.StartsWith("replicaset.apps/web-", StringComparison.Ordinal));
        Assert.Contains(names, n => n.StartsWith("pod/migrate-", StringComparison.Ordinal));
        Assert.DoesNotContain(names, n => n.StartsWith("configmap/", StringComparison.Ordinal) || n.StartsWith("secret/", StringComparison.Ordinal));
    }

    [ClientFact(SecondClient.Kubectl)]
    public async Task Get_of_a_missing_object_fails_with_not_found()
    {
        await DeployAppAsync();

        var result = await RunAsync("get", "deploy", "nope", "-n", _ns);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Error from server (NotFound): deployments.apps \"nope\" not found", result.StandardError.Trim());
    }

    [ClientFact(SecondClient.Kubectl)]
    public async Task Apply_reports_created_then_unchanged()
    {
        var first = (await ApplyAsync(App())).Output;
        var second = (await ApplyAsync(App())).Output;

        Assert.Contains("deployment.apps/web created", first);
        Assert.Contains("deployment.apps/web unchanged", second);
        Assert.Contains("configmap/settings unchanged", second);
    }

    [ClientFact(SecondClient.Kubectl)]
    public async Task Diff_after_an_unchanged_client_side_apply_is_empty()
    {
        await DeployAppAsync();

        var diff = await _kubectl.RunWithInputAsync(App(), "diff", "-f", "-");

        Assert.Equal((0, ""), (diff.ExitCode, diff.StandardOutput));
    }

    [ClientFact(SecondClient.Kubectl)]
    public async Task Diff_after_an_unchanged_server_side_apply_is_empty()
    {
        await DeployAppAsync("--server-side");

        var diff = await _kubectl.RunWithInputAsync(App(), "diff", "--server-side", "-f", "-");

        Assert.Equal((0, ""), (diff.ExitCode, diff.StandardOutput));
    }

    [ClientFact(SecondClient.Kubectl)]
    public async Task Diff_after_client_then_server_side_apply_is_empty()
    {
        await DeployAppAsync();
        await DeployAppAsync("--server-side");

        var diff = await _kubectl.RunWithInputAsync(App(), "diff", "-f", "-");

        Assert.Equal((0, ""), (diff.ExitCode, diff.StandardOutput));
    }

    [ClientFact(SecondClient.Kubectl)]
    public async Task Diff_of_a_changed_manifest_shows_the_change_and_exits_1()
    {
        await DeployAppAsync();

        var diff = await _kubectl.RunWithInputAsync(App(replicas: 3), "diff", "-f", "-");

        Assert.Equal(1, diff.ExitCode);
        Assert.Contains("-  replicas: 2", diff.StandardOutput);
        Assert.Contains("+  replicas: 3", diff.StandardOutput);
    }

    [ClientFact(SecondClient.Kubectl)]
    public async Task Server_side_apply_keeps_a_label_another_writer_added()
    {
        await DeployAppAsync("--server-side");
        _ = (await RunAsync("label", "cm", "settings", "-n", _ns, "owner=ops")).Output;

        await DeployAppAsync("--server-side");

        Assert.Equal("ops", (await RunAsync("get", "cm", "settings", "-n", _ns, "-o", "jsonpath={.metadata.labels.owner}")).Output);
    }

    [ClientFact(SecondClient.Kubectl)]
    public async Task Server_side_apply_removes_what_its_manager_no_longer_applies()
    {
        await DeployAppAsync("--server-side");
        var withExtra = App().Replace("  mode: fast", "  mode: fast\n  extra: \"1\"", StringComparison.Ordinal);
        _ = (await ApplyAsync(withExtra, "--server-side")).Output;

        await DeployAppAsync("--server-side");

        Assert.Equal("{\"mode\":\"fast\"}", (await RunAsync("get", "cm", "settings", "-n", _ns, "-o", "jsonpath={.data}")).Output);
    }

    [ClientFact(SecondClient.Kubectl)]
    public async Task Patch_merge_sets_the_replicas()
    {
        await DeployAppAsync();

        var result = await RunAsync("patch", "deploy", "web", "-n", _ns, "--type=merge", "-p", """{"spec":{"replicas":5}}""");

        Assert.Equal("deployment.apps/web patched", result.Output.Trim());
        Assert.Equal("5 5", (await RunAsync("get", "deploy", "web", "-n", _ns, "-o", "jsonpath={.spec.replicas} {.status.updatedReplicas}")).Output);
    }

    [ClientFact(SecondClient.Kubectl)]
    public async Task Patch_strategic_changes_one_container_by_name_and_keeps_the_other()
    {
        await DeployAppAsync();

        _ = (await RunAsync("patch", "deploy", "web", "-n", _ns, "-p", """{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.28"}]}}}}""")).Output;

        var images = (await RunAsync("get", "deploy", "web", "-n", _ns, "-o", "jsonpath={range .spec.template.spec.containers[*]}{.name}={.image} {end}")).Output;
        Assert.Equal("web=nginx:1.28 sidecar=busybox:1.36 ", images);
    }

    [ClientFact(SecondClient.Kubectl)]
    public async Task Patch_json_replaces_and_adds_by_path()
    {
        await DeployAppAsync();

        _ = (await RunAsync("patch", "cm", "settings", "-n", _ns, "--type=json", "-p",
            """[{"op":"replace","path":"/data/mode","value":"slow"},{"op":"add","path":"/data/extra","value":"x"}]""")).Output;

        Assert.Equal("slow x", (await RunAsync("get", "cm", "settings", "-n", _ns, "-o", "jsonpath={.data.mode} {.data.extra}")).Output);
    }

    [ClientFact(SecondClient.Kubectl)]
    public async Task Patch_that_changes_nothing_reports_no_change()
    {
        await DeployAppAsync();

        var result = await RunAsync("patch", "deploy", "web", "-n", _ns, "--type=merge", "-p", """{"spec":{"replicas":2}}""");

        Assert.Equal("deployment.apps/web patched (no change)", result.Output.Trim());
    }

    [ClientFact(SecondClient.Kubectl)]
    public async Task Rollout_status_of_a_deployment_reports_success()
    {
        await DeployAppAsync();

        var result = await RunAsync("rollout", "status", "deploy/web", "-n", _ns, "--timeout=20s");

        Assert.Equal("deployment \"web\" successfully rolled out", result.Output.Trim());
    }

    [ClientFact(SecondClient.Kubectl)]
    public async Task Rollout_status_after_an_image_change_reports_success_at_the_next_revision()
    {
        await DeployAppAsync();
        _ = (await RunAsync("set", "image", "deploy/web", "web=nginx:1.28", "-n", _ns)).Output;

        var result = await RunAsync("rollout", "status", "deploy/web", "-n", _ns, "--timeout=20s");

        Assert.Equal("deployment \"web\" successfully rolled out", result.Output.Trim());
        Assert.Equal("nginx:1.28", (await RunAsync("get", "rs", "-n", _ns, "-l", "app=web", "-o", "jsonpath={range .items[?(@.spec.replicas==2)]}{.spec.template.spec.containers[0].image}{end}")).Output);
    }

    [ClientFact(SecondClient.Kubectl)]
    public async Task Rollout_history_lists_a_revision_per_template()
    {
        await DeployAppAsync();
        _ = (await RunAsync("set", "image", "deploy/web", "web=nginx:1.28", "-n", _ns)).Output;

        var history = (await RunAsync("rollout", "history", "deploy/web", "-n", _ns)).Output;

        Assert.Matches(@"(?m)^1\s+<none>$", history);
        Assert.Matches(@"(?m)^2\s+<none>$", history);
        Assert.Equal("2", (await RunAsync("get", "deploy", "web", "-n", _ns, "-o", "jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision}")).Output);
    }

    [ClientFact(SecondClient.Kubectl)]
    public async Task Rollout_undo_brings_back_the_previous_template_and_its_replicaset()
    {
        await DeployAppAsync();
        var first = (await RunAsync("get", "rs", "-n", _ns, "-l", "app=web", "-o", "name")).Output.Trim();
        _ = (await RunAsync("set", "image", "deploy/web", "web=nginx:1.28", "-n", _ns)).Output;

        _ = (await RunAsync("rollout", "undo", "deploy/web", "-n", _ns)).Output;

        Assert.Equal("nginx:1.27", (await RunAsync("get", "deploy", "web", "-n", _ns, "-o", "jsonpath={.spec.template.spec.containers[0].image}")).Output);
        Assert.Equal("2", (await RunAsync("get", first, "-n", _ns, "-o", "jsonpath={.spec.replicas}")).Output);
        var history = (await RunAsync("rollout", "history", "deploy/web", "-n", _ns)).Output;
        Assert.DoesNotMatch(@"(?m)^1\s", history);
        Assert.Matches(@"(?m)^3\s+<none>$", history);
    }

    [ClientFact(SecondClient.Kubectl)]
    public async Task Rollout_status_of_a_statefulset_reports_the_rollout_complete()
    {
        await DeployAppAsync();

        var result = await RunAsync("rollout", "status", "sts/db", "-n", _ns, "--timeout=20s");

        // The server defaults updateStrategy.rollingUpdate.partition to 0, so kubectl reports a partitioned rollout.
        Assert.Equal("partitioned roll out complete: 1 new pods have been updated...", result.Output.Trim());
    }

    [ClientFact(SecondClient.Kubectl)]
    public async Task Wait_for_complete_returns_once_the_job_has_completed()
    {
        if (!World.IsRealCluster) World.Kubernetes!.JobDuration = TimeSpan.FromMilliseconds(500);
        await DeployAppAsync();

        var result = await RunAsync("wait", "--for=condition=complete", "job/migrate", "-n", _ns, "--timeout=30s");

        Assert.Equal("job.batch/migrate condition met", result.Output.Trim());
        Assert.Equal("1", (await RunAsync("get", "job", "migrate", "-n", _ns, "-o", "jsonpath={.status.succeeded}")).Output);
    }

    [ClientFact(SecondClient.Kubectl, DoublesOnly = true)]
    public async Task Wait_for_failed_returns_once_the_job_has_failed()
    {
        World.Kubernetes!.SetJobOutcome("^migrate$", JobOutcome.Failed);
        await DeployAppAsync();

        var result = await RunAsync("wait", "--for=condition=failed", "job/migrate", "-n", _ns, "--timeout=30s");

        Assert.Equal("job.batch/migrate condition met", result.Output.Trim());
    }

    [ClientFact(SecondClient.Kubectl)]
    public async Task Logs_of_a_job_print_its_pod_log()
    {
        await DeployAppAsync();
        _ = (await RunAsync("wait", "--for=condition=complete", "job/migrate", "-n", _ns, "--timeout=30s")).Output;

        var result = await RunAsync("logs", "job/migrate", "-n", _ns);

        Assert.Equal("schema migrated to v7", result.Output.Trim());
    }

    [ClientFact(SecondClient.Kubectl)]
    public async Task Delete_with_wait_returns_once_the_deployment_and_its_replicasets_are_gone()
    {
        await DeployAppAsync();

        var result = await RunAsync("delete", "deploy", "web", "-n", _ns, "--wait", "--timeout=30s");

        Assert.Equal("deployment.apps \"web\" deleted", result.Output.Trim());
        Assert.Equal(1, (await RunAsync("get", "deploy", "web", "-n", _ns)).ExitCode);
        Assert.Equal("", (await RunAsync("get", "rs", "-n", _ns, "-l", "app=web", "-o", "name")).Output);
    }

    [ClientFact(SecondClient.Kubectl)]
    public async Task Delete_of_an_object_with_a_finalizer_leaves_it_until_the_finalizer_is_removed()
    {
        await DeployAppAsync();
        _ = (await RunAsync("patch", "cm", "settings", "-n", _ns, "--type=merge", "-p", """{"metadata":{"finalizers":["example.com/hold"]}}""")).Output;

        _ = (await RunAsync("delete", "cm", "settings", "-n", _ns, "--wait=false")).Output;
        var held = (await RunAsync("get", "cm", "settings", "-n", _ns, "-o", "jsonpath={.metadata.deletionTimestamp}")).Output;
        _ = (await RunAsync("patch", "cm", "settings", "-n", _ns, "--type=json", "-p", """[{"op":"remove","path":"/metadata/finalizers"}]""")).Output;
        var gone = await RunAsync("wait", "--for=delete", "cm/settings", "-n", _ns, "--timeout=10s");

        Assert.NotEqual("", held);
        Assert.Equal(0, gone.ExitCode);
        Assert.Equal(1, (await RunAsync("get", "cm", "settings", "-n", _ns)).ExitCode);
    }

    [ClientFact(SecondClient.Kubectl)]
    public async Task Deleting_a_namespace_with_wait_removes_it_and_its_content()
    {
        await DeployAppAsync();

        var result = await RunAsync("delete", "ns", _ns, "--wait", "--timeout=60s");

        Assert.Equal($"namespace \"{_ns}\" deleted", result.Output.Trim());
        var ns = await RunAsync("get", "ns", _ns);
        var configMap = await RunAsync("delete", "cm", "settings", "-n", _ns);
        Assert.Equal((1, $"Error from server (NotFound): namespaces \"{_ns}\" not found"), (ns.ExitCode, ns.StandardError.Trim()));
        Assert.Equal((1, "Error from server (NotFound): configmaps \"settings\" not found"), (configMap.ExitCode, configMap.StandardError.Trim()));
    }

    [ClientFact(SecondClient.Kubectl)]
    public async Task A_deleted_namespace_is_terminating_while_content_with_finalizers_remains()
    {
        await DeployAppAsync();
        _ = (await RunAsync("patch", "cm", "settings", "-n", _ns, "--type=merge", "-p", """{"metadata":{"finalizers":["example.com/hold"]}}""")).Output;

        _ = (await RunAsync("delete", "ns", _ns, "--wait=false")).Output;

        Assert.Equal("Terminating", (await RunAsync("get", "ns", _ns, "-o", "jsonpath={.status.phase}")).Output);
        Assert.Matches($@"^{_ns}\s+Terminating\s+\d+s$", (await RunAsync("get", "ns", _ns, "--no-headers")).Output.Trim());
        Assert.Equal("configmap/settings", (await RunAsync("get", "cm", "-n", _ns, "-o", "name")).Output.Trim());
        Assert.Equal("", (await RunAsync("get", "deploy,sts,job,svc", "-n", _ns, "-o", "name")).Output);
        var describe = (await RunAsync("describe", "ns", _ns)).Output;
        Assert.Matches(@"(?m)^Status:\s+Terminating$", describe);
        Assert.Contains("example.com/hold in 1 resource instances", describe);
    }

    [ClientFact(SecondClient.Kubectl)]
    public async Task A_terminating_namespace_refuses_new_content()
    {
        await DeployAppAsync();
        _ = (await RunAsync("patch", "cm", "settings", "-n", _ns, "--type=merge", "-p", """{"metadata":{"finalizers":["example.com/hold"]}}""")).Output;
        _ = (await RunAsync("delete", "ns", _ns, "--wait=false")).Output;

        var result = await RunAsync("create", "configmap", "late", "-n", _ns, "--from-literal=a=b");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"error: failed to create configmap: configmaps \"late\" is forbidden: unable to create new content in namespace {_ns} because it is being terminated",
            result.StandardError.Trim());
    }

    [ClientFact(SecondClient.Kubectl)]
    public async Task A_terminating_namespace_goes_once_the_last_finalizer_is_removed()
    {
        await DeployAppAsync();
        _ = (await RunAsync("patch", "cm", "settings", "-n", _ns, "--type=merge", "-p", """{"metadata":{"finalizers":["example.com/hold"]}}""")).Output;
        _ = (await RunAsync("delete", "ns", _ns, "--wait=false")).Output;

        _ = (await RunAsync("patch", "cm", "settings", "-n", _ns, "--type=merge", "-p", """{"metadata":{"finalizers":null}}""")).Output;
        var gone = await RunAsync("wait", "--for=delete", $"ns/{_ns}", "--timeout=30s");

        Assert.Equal(0, gone.ExitCode);
        Assert.Equal(1, (await RunAsync("get", "cm", "settings", "-n", _ns)).ExitCode);
    }

    [ClientTheory(SecondClient.Kubectl)]
    [InlineData("app=web", "configmap/settings")]
    [InlineData("app!=web", "configmap/db-settings")]
    [InlineData("app in (web,db),tier=back", "configmap/db-settings")]
    [InlineData("tier", "configmap/db-settings configmap/settings")]
    [InlineData("!tier", "")]
    public async Task Label_selectors_select_the_matching_objects(string selector, string expected)
    {
        await DeployAppAsync();

        var names = (await RunAsync("get", "cm", "-n", _ns, "-l", selector, "-o", "name")).Output
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(n => n != "configmap/kube-root-ca.crt").Order(StringComparer.Ordinal);

        Assert.Equal(expected, string.Join(' ', names));
    }

    [ClientFact(SecondClient.Kubectl)]
    public async Task Label_selectors_apply_across_kinds()
    {
        await DeployAppAsync();

        var names = (await RunAsync("get", "deploy,svc,cm,sts", "-n", _ns, "-l", "app=web", "-o", "name")).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(["deployment.apps/web", "service/web", "configmap/settings"], names);
    }

    [ClientFact(SecondClient.Kubectl)]
    public async Task Output_json_is_the_object_with_server_filled_fields()
    {
        await DeployAppAsync();

        var deployment = JsonNode.Parse((await RunAsync("get", "deploy", "web", "-n", _ns, "-o", "json")).Output)!;

        Assert.Equal(("Deployment", "apps/v1", "web"), ((string?)deployment["kind"], (string?)deployment["apiVersion"], (string?)deployment["metadata"]!["name"]));
        Assert.Equal("RollingUpdate", (string?)deployment["spec"]!["strategy"]!["type"]);
        Assert.Equal("TCP", (string?)deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["ports"]![0]!["protocol"]);
        Assert.False(string.IsNullOrEmpty((string?)deployment["metadata"]!["uid"]));
    }

    [ClientFact(SecondClient.Kubectl)]
    public async Task Output_json_of_a_list_is_a_list()
    {
        await DeployAppAsync();

        var list = JsonNode.Parse((await RunAsync("get", "cm", "-n", _ns, "-l", "tier", "-o", "json")).Output)!;

        Assert.Equal("List", (string?)list["kind"]);
        Assert.Equal(2, list["items"]!.AsArray().Count);
    }

    [ClientFact(SecondClient.Kubectl)]
    public async Task Output_yaml_shows_the_secret_with_its_data_encoded()
    {
        await DeployAppAsync();

        var yaml = (await RunAsync("get", "secret", "creds", "-n", _ns, "-o", "yaml")).Output;

        Assert.Contains("kind: Secret", yaml);
        Assert.Contains("  password: aHVudGVyMg==", yaml);
        Assert.Contains("type: Opaque", yaml);
        Assert.DoesNotMatch("(?m)^stringData:", yaml);
    }

    [ClientFact(SecondClient.Kubectl)]
    public async Task Output_jsonpath_reads_nested_fields_and_filters()
    {
        await DeployAppAsync();

        var ports = (await RunAsync("get", "svc", "web", "-n", _ns, "-o", "jsonpath={.spec.ports[0].port}/{.spec.ports[0].protocol} {.spec.type}")).Output;
        var claims = (await RunAsync("get", "pvc", "-n", _ns, "-o", "jsonpath={.items[?(@.metadata.labels.app==\"db\")].metadata.name}")).Output;

        Assert.Equal("80/TCP ClusterIP", ports);
        Assert.Equal("data-db-0", claims);
    }
}
