using System.Security.Claims;

namespace EssayReader.Accounts;

/// <summary>What the sign-in cookie says about a reader beyond Identity's own claims.</summary>
public static class ReaderClaims
{
    /// <summary>The reader's display name, so the header needs no database query on every page.</summary>
    public const string DisplayName = "essayreader:display_name";

    /// <summary>The signed-in reader's display name (their user name for a cookie issued without one), or null.</summary>
    public static string? DisplayNameOf(this ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true
            ? user.FindFirstValue(DisplayName) ?? user.Identity.Name
            : null;
}
