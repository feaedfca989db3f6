using Orchestrator.Grains.Interfaces.Dashboard;
using Orchestrator.Silo.Hosting;

namespace Orchestrator.Silo.Dashboard;

/// <summary>
/// Owns the outstanding sign-in codes of the web page. A grain, so issuing and redeeming are turns run one at a time:
/// two redeems of one code cannot both win. Lives in the silo project because links name the silo's HTTP address.
/// </summary>
internal sealed partial class DashboardAccessGrain(SiloHttpAddress address, TimeProvider time, ILogger<DashboardAccessGrain> logger)
    : Grain, IDashboardAccessGrain
{
    public const string SignInPath = "/signin";

    private readonly OneTimeCodes _codes = new(time);

    public Task<DashboardLink> IssueLinkAsync()
    {
        var (code, expiresAt) = _codes.Issue();
        LogIssued(expiresAt);
        return Task.FromResult(new DashboardLink($"{address.Url.TrimEnd('/')}{SignInPath}?code={code}", expiresAt));
    }

    public Task<bool> RedeemAsync(string code) => Task.FromResult(_codes.Redeem(code));

    [LoggerMessage(Level = LogLevel.Information, Message = "Issued a web page sign-in link, good once until {ExpiresAt:O}")]
    private partial void LogIssued(DateTimeOffset expiresAt);
}
