using System.Security.Claims;
using EssayReader.Data;
using EssayReader.Pages;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;

namespace EssayReader.Accounts;

public static class AccountsExtensions
{
    /// <summary>The header that carries the antiforgery token on every state-changing API call.</summary>
    public const string AntiforgeryHeader = "X-CSRF-TOKEN";

    /// <summary>
    /// ASP.NET Core Identity on the app's database, with cookie sign-in: reading needs no account,
    /// annotating does. The API answers 401/403 instead of redirecting to the sign-in page.
    /// </summary>
    public static WebApplicationBuilder AddAccounts(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        builder.Services.AddAuthorization();
        builder.Services.AddIdentityCore<Reader>(options =>
            {
                // Length protects a password; composition rules mostly produce "Password1!" (NIST SP 800-63B).
                options.Password.RequiredLength = 10;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
                options.User.RequireUniqueEmail = false;
                options.User.AllowedUserNameCharacters = Reader.UserNameCharacters;
            })
            .AddSignInManager()
            .AddClaimsPrincipalFactory<ReaderClaimsPrincipalFactory>()
            .AddErrorDescriber<ReaderErrorDescriber>()
            .AddEntityFrameworkStores<EssayReaderDb>()
            .AddDefaultTokenProviders();

        builder.Services.ConfigureApplicationCookie(cookie =>
        {
            cookie.Cookie.Name = "EssayReader.Auth";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.LoginPath = "/account/sign-in";
            cookie.LogoutPath = "/account/sign-out";
            cookie.AccessDeniedPath = "/account/sign-in";
            cookie.ExpireTimeSpan = TimeSpan.FromDays(30);
            cookie.SlidingExpiration = true;
            cookie.Events.OnValidatePrincipal = SecurityStampSchedule.ValidatePrincipalWhenDueAsync;
            cookie.Events.OnRedirectToLogin = context => ApiStatusOrRedirect(context, StatusCodes.Status401Unauthorized);
            cookie.Events.OnRedirectToAccessDenied = context => ApiStatusOrRedirect(context, StatusCodes.Status403Forbidden);
        });

        builder.Services.AddAntiforgery(options =>
        {
            options.HeaderName = AntiforgeryHeader;
            options.Cookie.Name = "EssayReader.Antiforgery";
        });
        return builder;
    }

    /// <summary><c>GET /api/session</c>: who the caller is, and the antiforgery token script sends with writes.</summary>
    public static IEndpointRouteBuilder MapSessionApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/session", async (HttpContext http, IAntiforgery antiforgery, UserManager<Reader> users) =>
            {
                // Antiforgery marks the response no-cache, no-store itself (setting it first only earns a warning).
                var tokens = antiforgery.GetAndStoreTokens(http);
                var reader = http.User.Identity?.IsAuthenticated == true ? await users.GetUserAsync(http.User) : null;
                return TypedResults.Ok(new SessionResponse(
                    reader is null ? null : new SessionUser(reader.Id, reader.UserName ?? string.Empty, reader.DisplayName),
                    new AntiforgeryInfo(tokens.HeaderName ?? AntiforgeryHeader, tokens.RequestToken ?? string.Empty)));
            })
            .WithName("GetSession")
            .WithTags("Session");
        return app;
    }

    /// <summary>The signed-in reader's id, or null.</summary>
    public static string? ReaderId(this ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? user.FindFirstValue(ClaimTypes.NameIdentifier) : null;

    private static Task ApiStatusOrRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (ErrorResponses.IsApi(context.Request.Path))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}

public sealed record SessionResponse(SessionUser? User, AntiforgeryInfo Antiforgery);

public sealed record SessionUser(string Id, string UserName, string DisplayName);

public sealed record AntiforgeryInfo(string HeaderName, string Token);
