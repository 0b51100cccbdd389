using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EssayReader.Pages.Account;

/// <summary>
/// What the account pages share: the page to come back to, and Identity's errors placed next to their fields.
/// </summary>
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public abstract class AccountPageModel : PageModel
{
    /// <summary>Where the reader came from, as given in the query string; may be anything, so never used unchecked.</summary>
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>
    /// <see cref="ReturnUrl"/> when it is an address on this site, else null. Only this is ever followed
    /// or put into a link, so a crafted sign-in link cannot send a reader to another site.
    /// </summary>
    public string? LocalReturnUrl => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : null;

    /// <summary>Back where the reader came from, or to the home page.</summary>
    protected IActionResult RedirectBack() => LocalRedirect(LocalReturnUrl ?? "/");

    protected bool HasErrors(string field) => ModelState.TryGetValue(field, out var entry) && entry.Errors.Count > 0;

    /// <summary>Adds Identity's errors to the model state, each under the field <paramref name="fieldFor"/> names ("" for the form).</summary>
    protected void AddErrors(IEnumerable<IdentityError> errors, Func<string, string> fieldFor)
    {
        foreach (var error in errors)
        {
            var field = fieldFor(error.Code);
            // One message per field is enough to act on; Identity can report several password rules at once.
            if (ModelState.TryGetValue(field, out var entry) && entry.Errors.Any(e => e.ErrorMessage == error.Description))
            {
                continue;
            }

            ModelState.AddModelError(field, error.Description);
        }
    }
}
