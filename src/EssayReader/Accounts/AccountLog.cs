namespace EssayReader.Accounts;

/// <summary>
/// What the account pages write to the log: which reader, by their id, and never anything a person
/// typed. A password typed into the user-name field is a classic leak, so a failed sign-in logs no
/// user name, and a user name is personal data the database already ties to the id, so no event
/// logs one. Failures and lockouts are warnings, so repeated guessing stands out at the default level.
/// </summary>
internal static partial class AccountLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Reader {ReaderId} signed in")]
    public static partial void SignedIn(this ILogger logger, string readerId);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Sign-in failed for reader {ReaderId}: wrong password")]
    public static partial void SignInFailed(this ILogger logger, string readerId);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Warning, Message = "Sign-in failed: no reader has the user name given")]
    public static partial void SignInFailedForUnknownUserName(this ILogger logger);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Sign-in refused for reader {ReaderId}: locked out after repeated failures")]
    public static partial void SignInLockedOut(this ILogger logger, string readerId);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Reader {ReaderId} signed up")]
    public static partial void SignedUp(this ILogger logger, string readerId);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "Reader {ReaderId} signed out")]
    public static partial void SignedOut(this ILogger logger, string readerId);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Information, Message = "Reader {ReaderId} changed their password")]
    public static partial void PasswordChanged(this ILogger logger, string readerId);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Warning, Message = "Password change refused for reader {ReaderId}: wrong current password")]
    public static partial void PasswordChangeWrongCurrent(this ILogger logger, string readerId);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Warning, Message = "Password change refused for reader {ReaderId}: locked out after repeated failures")]
    public static partial void PasswordChangeLockedOut(this ILogger logger, string readerId);
}
