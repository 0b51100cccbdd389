using System.ComponentModel.DataAnnotations;
using EssayReader.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace EssayReader.Pages.Account;

/// <summary>The signed-in reader changes their password; the current one is asked for first, and wrong ones lock the account as at sign-in.</summary>
[Authorize]
public sealed class PasswordModel(
    UserManager<Reader> users,
    SignInManager<Reader> signIn,
    IOptions<IdentityOptions> identity,
    ILogger<PasswordModel> logger) : AccountPageModel
{
    private const string CurrentPasswordField = $"{nameof(Input)}.{nameof(InputModel.CurrentPassword)}";
    private const string NewPasswordField = $"{nameof(Input)}.{nameof(InputModel.NewPassword)}";

    public const string LockedOut = "Changing the password is locked for a few minutes after repeated wrong current passwords. Wait a few minutes, then try again.";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    /// <summary>Set after a change, shown once on the page the change redirects to.</summary>
    [TempData]
    public string? StatusMessage { get; set; }

    public int PasswordLength => identity.Value.Password.RequiredLength;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var reader = await users.GetUserAsync(User);
        if (reader is null)
        {
            // The cookie names a reader who no longer exists.
            return Challenge();
        }

        if (!string.IsNullOrEmpty(Input.NewPassword))
        {
            foreach (var validator in users.PasswordValidators)
            {
                AddErrors((await validator.ValidateAsync(users, reader, Input.NewPassword)).Errors, FieldFor);
            }
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        // The current password is guessed here as at sign-in (a borrowed or stolen session is enough to
        // try), so wrong ones count toward the same lockout, and a locked account is not even checked.
        if (await users.IsLockedOutAsync(reader))
        {
            return LockedOutPage(reader);
        }

        var changed = await users.ChangePasswordAsync(reader, Input.CurrentPassword!, Input.NewPassword!);
        if (!changed.Succeeded)
        {
            if (changed.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch)))
            {
                logger.PasswordChangeWrongCurrent(reader.Id);
                await users.AccessFailedAsync(reader);
                if (await users.IsLockedOutAsync(reader))
                {
                    return LockedOutPage(reader);
                }
            }

            AddErrors(changed.Errors, FieldFor);
            return Page();
        }

        await users.ResetAccessFailedCountAsync(reader);

        // The change renewed the security stamp; a fresh cookie keeps this browser signed in.
        await signIn.RefreshSignInAsync(reader);
        logger.PasswordChanged(reader.Id);
        StatusMessage = "Your password has been changed. Use the new one next time you sign in.";
        return RedirectToPage();
    }

    private PageResult LockedOutPage(Reader reader)
    {
        logger.PasswordChangeLockedOut(reader.Id);
        ModelState.AddModelError(string.Empty, LockedOut);
        return Page();
    }

        private static string FieldFor(string identityErrorCode) => identityErrorCode switch
    {
        nameof(IdentityErrorDescriber.PasswordMismatch) => CurrentPasswordField,
        _ when identityErrorCode.StartsWith("Password", StringComparison.Ordinal) => NewPasswordField,
        _ => string.Empty,
    };

    public sealed class InputModel
    {
        [Display(Name = "Current password")]
        [Required(ErrorMessage = "Enter your current password.")]
        [DataType(DataType.Password)]
        public string? CurrentPassword { get; set; }

        [Display(Name = "New password")]
        [Required(ErrorMessage = "Choose a new password.")]
        [StringLength(256, ErrorMessage = "A password has at most {1} characters.")]
        [DataType(DataType.Password)]
        public string? NewPassword { get; set; }

        [Display(Name = "New password again")]
        [Compare(nameof(NewPassword), ErrorMessage = "The two new passwords do not match. Type the same password twice.")]
        [DataType(DataType.Password)]
        public string? ConfirmNewPassword { get; set; }
    }
}
