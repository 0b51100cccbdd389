using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace EssayReader.Accounts;

/// <summary>
/// Identity's claims plus the display name. The cookie is rebuilt by this factory whenever Identity
/// refreshes a sign-in (security stamp validation, <c>RefreshSignInAsync</c>).
/// </summary>
public sealed class ReaderClaimsPrincipalFactory(UserManager<Reader> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<Reader>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(Reader user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(ReaderClaims.DisplayName, user.DisplayName));
        return identity;
    }
}
