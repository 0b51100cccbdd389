using Microsoft.AspNetCore.Identity;

namespace EssayReader.Accounts;

/// <summary>A reader with an account: the owner of highlights, comments and replies.</summary>
public sealed class Reader : IdentityUser
{
    public const int MaxDisplayNameLength = 60;

    public const int MinUserNameLength = 3;

    public const int MaxUserNameLength = 40;

    /// <summary>The characters a user name may use: ASCII letters, digits, hyphen, dot and underscore.</summary>
    public const string UserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._";

    /// <summary>The name other readers see beside this reader's public comments.</summary>
    public required string DisplayName { get; set; }

    public DateTime CreatedUtc { get; init; } = DateTime.UtcNow;
}
