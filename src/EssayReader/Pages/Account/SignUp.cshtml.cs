using System.ComponentModel.DataAnnotations;
using EssayReader.Accounts;
using EssayReader.RateLimiting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EssayReader.Pages.Account;

/// <summary>Sign up: a new reader chooses a user name, a display name and a password, and is signed in.</summary>
[EnableRateLimiting(RateLimits.SignUp)]
public sealed class SignUpModel(
    UserManager<Reader> users,
    SignInManager<Reader> signIn,
    IOptions<IdentityOptions> identity,
    ILogger<SignUpModel> logger) : AccountPageModel
{
    private const string UserNameField = $"{nameof(Input)}.{nameof(InputModel.UserName)}";
    private const string DisplayNameField = $"{nameof(Input)}.{nameof(InputModel.DisplayName)}";
    private const string EmailField = $"{nameof(Input)}.{nameof(InputModel.Email)}";
    private const string PasswordField = $"{nameof(Input)}.{nameof(InputModel.Password)}";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public int PasswordLength => identity.Value.Password.RequiredLength;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var reader = new Reader
        {
            UserName = Input.UserName,
            DisplayName = Input.DisplayName ?? string.Empty,
            Email = string.IsNullOrEmpty(Input.Email) ? null : Input.Email,
        };

        if (Input.DisplayName is { } displayName && displayName.Any(char.IsControl))
        {
            ModelState.AddModelError(DisplayNameField, "A display name cannot contain line breaks or other control characters.");
        }

        // Identity's own checks now rather than only inside CreateAsync, so that a taken user name and a
        // too-short password are reported together with everything else, not one round trip at a time.
        if (!string.IsNullOrEmpty(reader.UserName) && !HasErrors(UserNameField))
        {
            foreach (var validator in users.UserValidators)
            {
                AddErrors((await validator.ValidateAsync(users, reader)).Errors, FieldFor);
            }
        }

        if (!string.IsNullOrEmpty(Input.Password))
        {
            foreach (var validator in users.PasswordValidators)
            {
                AddErrors((await validator.ValidateAsync(users, reader, Input.Password)).Errors, FieldFor);
            }
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        IdentityResult created;
        try
        {
            created = await users.CreateAsync(reader, Input.Password!);
        }
        catch (DbUpdateException)
        {
            // Someone took the name between the check above and the insert, and the unique index said so.
            if (await users.FindByNameAsync(reader.UserName!) is null)
            {
                throw;
            }

            created = IdentityResult.Failed(users.ErrorDescriber.DuplicateUserName(reader.UserName!));
        }

        if (!created.Succeeded)
        {
            AddErrors(created.Errors, FieldFor);
            return Page();
        }

        logger.SignedUp(reader.Id);
        await signIn.SignInAsync(reader, isPersistent: false);
        return RedirectBack();
    }

    private static string FieldFor(string identityErrorCode) => identityErrorCode switch
    {
        _ when identityErrorCode.Contains("UserName", StringComparison.Ordinal) => UserNameField,
        _ when identityErrorCode.Contains("Email", StringComparison.Ordinal) => EmailField,
        _ when identityErrorCode.StartsWith("Password", StringComparison.Ordinal) => PasswordField,
        _ => string.Empty,
    };

    public sealed class InputModel
    {
        [Display(Name = "User name")]
        [Required(ErrorMessage = "Choose a user name.")]
        [StringLength(Reader.MaxUserNameLength, MinimumLength = Reader.MinUserNameLength, ErrorMessage = "A user name has {2} to {1} characters.")]
        public string? UserName { get; set => field = value?.Trim(); }

        [Display(Name = "Display name")]
        [Required(ErrorMessage = "Enter the name other readers will see.")]
        [StringLength(Reader.MaxDisplayNameLength, ErrorMessage = "A display name has at most {1} characters.")]
        public string? DisplayName { get; set => field = value?.Trim(); }

        [Display(Name = "Email")]
        [EmailAddress(ErrorMessage = "Enter an email address like name@example.com, or leave it empty.")]
        [StringLength(256, ErrorMessage = "An email address has at most {1} characters.")]
        public string? Email { get; set => field = value?.Trim(); }

        [Display(Name = "Password")]
        [Required(ErrorMessage = "Choose a password.")]
        [StringLength(256, ErrorMessage = "A password has at most {1} characters.")]
        [DataType(DataType.Password)]
        public string? Password { get; set; }

        [Display(Name = "Password again")]
        [Compare(nameof(Password), ErrorMessage = "The two passwords do not match. Type the same password twice.")]
        [DataType(DataType.Password)]
        public string? ConfirmPassword { get; set; }
    }
}
