namespace EssayReader.Essays;

/// <summary>An essay file that cannot be read as an essay; the message says what to fix.</summary>
public sealed class EssayFormatException(string message, Exception? inner = null) : Exception(message, inner);
