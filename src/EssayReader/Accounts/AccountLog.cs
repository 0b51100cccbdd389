namespace EssayReader.Accounts;

/// <summary>
/// What the account pages write to the log: the user name as typed, never a password. Failures and
/// lockouts are warnings, so repeated guessing stands out at the default level.
/// </summary>
internal static partial class AccountLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Reader {UserName} signed in")]
    public static partial void SignedIn(this ILogger logger, string userName);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Sign-in failed for user name {UserName}: unknown user name or wrong password")]
    public static partial void SignInFailed(this ILogger logger, string userName);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Sign-in refused for user name {UserName}: locked out after repeated failures")]
    public static partial void SignInLockedOut(this ILogger logger, string userName);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Reader {UserName} signed up")]
    public static partial void SignedUp(this ILogger logger, string userName);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "Reader {UserName} signed out")]
    public static partial void SignedOut(this ILogger logger, string userName);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Information, Message = "Reader {UserName} changed their password")]
    public static partial void PasswordChanged(this ILogger logger, string userName);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Warning, Message = "Password change refused for reader {UserName}: wrong current password")]
    public static partial void PasswordChangeWrongCurrent(this ILogger logger, string userName);
}
