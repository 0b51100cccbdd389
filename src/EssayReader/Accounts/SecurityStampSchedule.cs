using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace EssayReader.Accounts;

/// <summary>
/// When the sign-in cookie's security stamp is checked against the database: as Identity does it, once
/// <see cref="SecurityStampValidatorOptions.ValidationInterval"/> has passed since the cookie was issued
/// (or when it carries no issue time), and not on the requests in between.
/// </summary>
/// <remarks>
/// Identity's own handler (<see cref="SecurityStampValidator.ValidatePrincipalAsync"/>) resolves the
/// validator on every signed-in request, and with it a SignInManager, a UserManager and its validators,
/// the user store and a database context, only for the validator to find that the check is not due.
/// This asks first, with the validator's own rule, and hands the due ones to the validator unchanged.
/// </remarks>
internal static class SecurityStampSchedule
{
    public static Task ValidatePrincipalWhenDueAsync(CookieValidatePrincipalContext context)
    {
        var options = context.HttpContext.RequestServices.GetRequiredService<IOptions<SecurityStampValidatorOptions>>().Value;
        var now = (options.TimeProvider ?? TimeProvider.System).GetUtcNow();
        return context.Properties.IssuedUtc is not { } issued || now - issued > options.ValidationInterval
            ? SecurityStampValidator.ValidatePrincipalAsync(context)
            : Task.CompletedTask;
    }
}
