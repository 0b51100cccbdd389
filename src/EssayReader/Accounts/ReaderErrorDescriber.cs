using Microsoft.AspNetCore.Identity;

namespace EssayReader.Accounts;

/// <summary>Identity's errors in the words the account pages show next to a field: what is wrong and what to do.</summary>
public sealed class ReaderErrorDescriber : IdentityErrorDescriber
{
    public override IdentityError DuplicateUserName(string userName) => new()
    {
        Code = nameof(DuplicateUserName),
        Description = $"The user name {userName} is taken. Choose another one.",
    };

    public override IdentityError InvalidUserName(string? userName) => new()
    {
        Code = nameof(InvalidUserName),
        Description = "A user name can use only letters without accents, digits, hyphens (-), dots (.) and underscores (_), and no spaces.",
    };

    public override IdentityError PasswordTooShort(int length) => new()
    {
        Code = nameof(PasswordTooShort),
        Description = $"Use at least {length} characters.",
    };

    public override IdentityError PasswordMismatch() => new()
    {
        Code = nameof(PasswordMismatch),
        Description = "That is not your current password.",
    };

    public override IdentityError InvalidEmail(string? email) => new()
    {
        Code = nameof(InvalidEmail),
        Description = "Enter an email address like name@example.com, or leave it empty.",
    };
}
