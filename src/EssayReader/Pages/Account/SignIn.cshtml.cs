using System.ComponentModel.DataAnnotations;
using EssayReader.Accounts;
using EssayReader.RateLimiting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace EssayReader.Pages.Account;

/// <summary>Sign in with user name and password; repeated failures lock the account for a few minutes.</summary>
[EnableRateLimiting(RateLimits.SignIn)]
public sealed class SignInModel(SignInManager<Reader> signIn, ILogger<SignInModel> logger) : AccountPageModel
{
    /// <summary>One message for an unknown user name and a wrong password alike: which one was wrong is the guesser's business.</summary>
    public const string WrongCredentials = "That user name and password do not match.";

    public const string LockedOut = "Sign-in to this account is locked for a few minutes after repeated failed attempts. Wait a few minutes, then try again.";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        // As PasswordSignInAsync(userName, …) does, but keeping the reader: the log names them by id,
        // never by what was typed (AccountLog).
        var reader = await signIn.UserManager.FindByNameAsync(Input.UserName!);
        var result = reader is null
            ? Microsoft.AspNetCore.Identity.SignInResult.Failed
            : await signIn.PasswordSignInAsync(reader, Input.Password!, Input.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            logger.SignedIn(reader!.Id);
            return RedirectBack();
        }

        if (result.IsLockedOut)
        {
            logger.SignInLockedOut(reader!.Id);
            ModelState.AddModelError(string.Empty, LockedOut);
        }
        else
        {
            if (reader is null)
            {
                logger.SignInFailedForUnknownUserName();
            }
            else
            {
                logger.SignInFailed(reader.Id);
            }

            ModelState.AddModelError(string.Empty, WrongCredentials);
        }

        return Page();
    }

    public sealed class InputModel
    {
        [Display(Name = "User name")]
        [Required(ErrorMessage = "Enter your user name.")]
        public string? UserName { get; set => field = value?.Trim(); }

        [Display(Name = "Password")]
        [Required(ErrorMessage = "Enter your password.")]
        [DataType(DataType.Password)]
        public string? Password { get; set; }

        [Display(Name = "Keep me signed in")]
        public bool RememberMe { get; set; }
    }
}
