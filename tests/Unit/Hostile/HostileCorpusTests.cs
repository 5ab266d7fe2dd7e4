using KPops.Tests.Unit.Support;

namespace KPops.Tests.Unit.Hostile;

/// <summary>Every input of the hostile corpus is refused with its error id at its place, briefly, in bounded time and memory.</summary>
public sealed class HostileCorpusTests
{
    /// <summary>The longest message (location, message and hint) an error of the corpus may have.</summary>
    private const int MaxMessageLength = 1000;

    public static TheoryData<string> CaseNames => new(HostileCorpus.AllNames);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Hostile_input_is_refused_with_a_short_located_error(string name)
    {
        var hostile = HostileCorpus.Get(name);
        using var ws = new Workspace();
        var e = Bounded.Failure(() => hostile.Act(ws), hostile.MaxAllocatedBytes);
        Assert.True(e.ErrorId == hostile.ErrorId, $"Expected {hostile.ErrorId}, got {e.ErrorId}: {e.FullMessage}");
        hostile.Where.Check(e.Location, ws);
        Assert.True(e.FullMessage.Length <= MaxMessageLength, $"The message has {e.FullMessage.Length} characters: {e.FullMessage[..Math.Min(2000, e.FullMessage.Length)]}");
        Assert.False(e.FullMessage.Any(char.IsControl), "The message holds control characters: " + e.FullMessage);
    }

    [Fact]
    public void The_corpus_holds_at_least_ninety_inputs() => Assert.True(HostileCorpus.AllNames.Count() >= 90);
}
