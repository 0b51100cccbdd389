using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace EssayReader.Pages.Account;

/// <summary>Where the header's "Sign in" and "Sign out" should bring the reader back to.</summary>
public static class AccountLinks
{
    /// <summary>
    /// The page being shown (path and query), so signing in or out from the header keeps the reader's
    /// place. From an account page it passes on that page's own return address instead (never nesting
    /// sign-in inside sign-in), and from an error page the address that failed.
    /// </summary>
    public static string? ReturnUrlFor(HttpContext context, IUrlHelper url)
    {
        if (context.Features.Get<IStatusCodeReExecuteFeature>() is { } reExecuted)
        {
            return reExecuted.OriginalPathBase + reExecuted.OriginalPath + reExecuted.OriginalQueryString;
        }

        var request = context.Request;
        if (request.Path.StartsWithSegments("/account", StringComparison.OrdinalIgnoreCase))
        {
            var inner = request.Query["returnUrl"].ToString();
            return url.IsLocalUrl(inner) ? inner : null;
        }

        return request.PathBase.Add(request.Path).Add(request.QueryString);
    }
}
