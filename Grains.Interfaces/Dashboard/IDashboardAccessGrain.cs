namespace Orchestrator.Grains.Interfaces.Dashboard;

/// <summary>
/// Lets a person into the silo's web page without the bearer token ever appearing in a URL: an Orleans client (which
/// proved the token at the gateway) asks for a sign-in link; the page's sign-in endpoint redeems its code once for a
/// session cookie. There is one, at <see cref="Key"/>; its codes live as long as the silo's run.
/// </summary>
[Alias("orch.IDashboardAccessGrain")]
public interface IDashboardAccessGrain : IGrainWithIntegerKey
{
    /// <summary>The key of the one access grain.</summary>
    public const long Key = 0;

    /// <summary>A new sign-in link: good for one use, within <see cref="DashboardLink.ExpiresAt"/>.</summary>
    [Alias("IssueLink")]
    Task<DashboardLink> IssueLinkAsync();

    /// <summary>True once for a code this grain issued and that has not expired; false for anything else.</summary>
    [Alias("Redeem")]
    Task<bool> RedeemAsync(string code);
}

/// <summary>A one-time sign-in link to the silo's web page.</summary>
/// <param name="Url">The sign-in URL (the silo's HTTP address, <c>/signin?code=...</c>).</param>
/// <param name="ExpiresAt">After this the code is refused, used or not.</param>
[GenerateSerializer, Immutable, Alias("orch.DashboardLink")]
public sealed record DashboardLink([property: Id(0)] string Url, [property: Id(1)] DateTimeOffset ExpiresAt);
