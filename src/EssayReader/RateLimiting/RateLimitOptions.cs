namespace EssayReader.RateLimiting;

/// <summary>
/// How often a client may sign in, sign up and write annotations. Bound from the "RateLimits"
/// configuration section; each rule is a fixed window of <see cref="RateLimitRule.PermitLimit"/>
/// requests per <see cref="RateLimitRule.Window"/>.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>False turns every limit off (a load test, a site behind a proxy that limits for it).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Sign-in attempts per client address. Identity's lockout guards each account (5 failures); this
    /// slows one address trying many accounts, while leaving room for a household or an office behind one address.
    /// </summary>
    public RateLimitRule SignIn { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromMinutes(1) };

    /// <summary>New accounts per client address: a few a day is a family; more is a script.</summary>
    public RateLimitRule SignUp { get; set; } = new() { PermitLimit = 5, Window = TimeSpan.FromHours(1) };

    /// <summary>
    /// Creates, edits, deletes and replies per signed-in reader (per address when signed out). Two a
    /// second, sustained for a minute, is past what a person does with a mouse, and short of a flood.
    /// </summary>
    public RateLimitRule AnnotationWrites { get; set; } = new() { PermitLimit = 120, Window = TimeSpan.FromMinutes(1) };
}

/// <summary>At most <see cref="PermitLimit"/> requests in each <see cref="Window"/>.</summary>
public sealed class RateLimitRule
{
    public int PermitLimit { get; set; }

    public TimeSpan Window { get; set; }

    public bool IsValid => PermitLimit > 0 && Window > TimeSpan.Zero;
}
