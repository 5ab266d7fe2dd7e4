namespace KPops.TestWorld.Connect;

/// <summary>A connector's mutable state inside <see cref="ConnectStore"/> (always used under the store's lock).</summary>
internal sealed class ConnectorEntry
{
    public ConnectorEntry(string name, ConnectorPlugin plugin, Dictionary<string, string> config, ConnectorState targetState)
    {
        Name = name;
        Plugin = plugin;
        Config = config;
        Target = targetState;
        Reconfigure(plugin, config);
    }

    public string Name { get; }

    public ConnectorPlugin Plugin { get; private set; }

    public Dictionary<string, string> Config { get; private set; }

    /// <summary>Running, Paused or Stopped: what the connector was asked to be.</summary>
    public ConnectorState Target { get; private set; }

    public ConnectorState State { get; set; }

    public string? Trace { get; set; }

    public List<TaskEntry> Tasks { get; private set; } = [];

    public List<string> ActiveTopics { get; set; } = [];

    /// <summary>The state a (re)started task takes.</summary>
    public ConnectorState TaskTarget => Target == ConnectorState.Paused ? ConnectorState.Paused : ConnectorState.Running;

    /// <summary>
    /// A config change restarts connector and tasks in the target state. A sink's active topics are taken from its
    /// <c>topics</c> list, standing in for the topics a running sink would consume.
    /// </summary>
    public void Reconfigure(ConnectorPlugin plugin, Dictionary<string, string> config)
    {
        Plugin = plugin;
        Config = config;
        ActiveTopics = plugin.Type == ConnectorType.Sink
            ? config.GetValueOrDefault("topics", "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList()
            : [];
        State = Target;
        Trace = null;
        Tasks = NewTasks();
    }

    /// <summary>Pause, resume or stop. A failed connector or task stays failed until restarted, as on a real worker.</summary>
    public void MoveTo(ConnectorState target)
    {
        Target = target;
        if (target == ConnectorState.Stopped)
        {
            State = ConnectorState.Stopped;
            Trace = null;
            Tasks = [];
            return;
        }

        if (State != ConnectorState.Failed) State = target;
        if (Tasks.Count == 0) Tasks = NewTasks();
        foreach (var task in Tasks.Where(t => t.State != ConnectorState.Failed)) task.State = TaskTarget;
    }

    public TaskEntry Task(int id) => Tasks.Find(t => t.Id == id) ?? throw ConnectErrors.TaskNotFound(Name, id);

    public ConnectorSnapshot Snapshot() => new(Name, Plugin.Type, new Dictionary<string, string>(Config, StringComparer.Ordinal),
        Target, State, Trace, Tasks.Select(t => t.Snapshot()).ToList(), [], ActiveTopics.ToList());

    private List<TaskEntry> NewTasks()
    {
        var count = int.TryParse(Config.GetValueOrDefault("tasks.max"), out var max) ? max : 1;
        return Target == ConnectorState.Stopped ? [] : Enumerable.Range(0, count).Select(i => new TaskEntry(i, TaskTarget)).ToList();
    }
}

/// <summary>A task's mutable state.</summary>
internal sealed class TaskEntry(int id, ConnectorState state)
{
    public int Id { get; } = id;

    public ConnectorState State { get; set; } = state;

    public string? Trace { get; set; }

    /// <summary>Restarts the task in its connector's target state.</summary>
    public void Restart(ConnectorState target)
    {
        State = target;
        Trace = null;
    }

    public TaskSnapshot Snapshot() => new(Id, State, Trace);
}
