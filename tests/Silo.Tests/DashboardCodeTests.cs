using Orchestrator.Silo.Dashboard;
using Orchestrator.Silo.Security;

namespace Orchestrator.Silo.Tests;

/// <summary>The rules of sign-in codes and session cookies, on a clock the test moves.</summary>
public sealed class DashboardCodeTests
{
    private readonly ManualClock _clock = new();

    [Fact]
    public void Code_IsGoodOnce()
    {
        var codes = new OneTimeCodes(_clock);
        var (code, expiresAt) = codes.Issue();

        Assert.Equal(_clock.GetUtcNow() + OneTimeCodes.Lifetime, expiresAt);
        Assert.True(codes.Redeem(code));
        Assert.False(codes.Redeem(code));
    }

    [Fact]
    public void Code_IsRefusedAfterAMinute()
    {
        var codes = new OneTimeCodes(_clock);
        var (late, _) = codes.Issue();
        var (inTime, _) = codes.Issue();

        _clock.Advance(OneTimeCodes.Lifetime - TimeSpan.FromSeconds(1));
        Assert.True(codes.Redeem(inTime));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(codes.Redeem(late));
        Assert.Equal(0, codes.Pending);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-code")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void UnknownCode_IsRefused(string code)
    {
        var codes = new OneTimeCodes(_clock);
        codes.Issue();

        Assert.False(codes.Redeem(code));
        Assert.Equal(1, codes.Pending);
    }

    [Fact]
    public void PendingCodes_AreBounded_TheOldestGoesFirst()
    {
        var codes = new OneTimeCodes(_clock);
        var issued = Enumerable.Range(0, OneTimeCodes.MaxPending + 1).Select(_ =>
        {
            _clock.Advance(TimeSpan.FromMilliseconds(1));
            return codes.Issue().Code;
        }).ToList();

        Assert.Equal(OneTimeCodes.MaxPending, codes.Pending);
        Assert.False(codes.Redeem(issued[0]));
        Assert.All(issued.Skip(1), code => Assert.True(codes.Redeem(code)));
    }

    [Fact]
    public void Session_IsValidUntilItsLifetimeEnds()
    {
        var sessions = new DashboardSessions(new SiloToken(), _clock);
        var cookie = sessions.Create();

        Assert.True(sessions.IsValid(cookie));
        _clock.Advance(DashboardSessions.Lifetime - TimeSpan.FromSeconds(1));
        Assert.True(sessions.IsValid(cookie));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(sessions.IsValid(cookie));
    }

    [Fact]
    public void Session_OfAnotherRun_IsRefused()
    {
        var cookie = new DashboardSessions(new SiloToken(), _clock).Create();

        Assert.False(new DashboardSessions(new SiloToken(), _clock).IsValid(cookie));
    }

    [Fact]
    public void Session_Tampered_IsRefused()
    {
        var sessions = new DashboardSessions(new SiloToken(), _clock);
        var cookie = sessions.Create();
        var (payload, mac) = (cookie.Split('.')[0], cookie.Split('.')[1]);
        // A later expiry with the old signature: the payload's first character changed.
        var forged = (payload[0] == 'B' ? 'C' : 'B') + payload[1..] + "." + mac;

        Assert.False(sessions.IsValid(forged));
        Assert.False(sessions.IsValid(payload + "." + mac[..^2] + "AA"));
        Assert.False(sessions.IsValid(payload));
        Assert.False(sessions.IsValid(cookie + ".x"));
        Assert.False(sessions.IsValid("%%%.%%%"));
        Assert.False(sessions.IsValid(new string('A', 500) + "." + mac));
        Assert.False(sessions.IsValid(null));
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
