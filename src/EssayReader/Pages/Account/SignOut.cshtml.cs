using EssayReader.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace EssayReader.Pages.Account;

/// <summary>
/// Sign out: a POST only, with its antiforgery token, so that no link or image on another site can
/// sign a reader out. A GET shows the button that does it.
/// </summary>
public sealed class SignOutModel(SignInManager<Reader> signIn, ILogger<SignOutModel> logger) : AccountPageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (User.ReaderId() is { } readerId)
        {
            logger.SignedOut(readerId);
            await signIn.SignOutAsync();
        }

        return RedirectBack();
    }
}
