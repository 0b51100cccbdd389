using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace EssayReader.Tests.Builders;

/// <summary>
/// Seeded random damage to a valid JSON request, for fuzzing the API: fields dropped, values of the
/// wrong type, huge strings, random Unicode (lone surrogates, NUL, controls, byte-order marks), numbers
/// JSON cannot hold or an <c>int</c> cannot (NaN, 1e300, 2^31), values nested past any sane depth,
/// unknown members, and, last, the text itself broken (cut short, stray bytes, invalid UTF-8). The same
/// seed always makes the same request, so a failing case is reproduced from its seed alone;
/// <see cref="Applied"/> says in words what was done.
/// </summary>
public sealed class JsonMutator(int seed)
{
    // Strings that start with this are written as raw JSON text (NaN, 1e999): no JsonNode can hold them.
    private const string RawMarker = "\uE000raw:";

    private static readonly string[] Words =
    [
        "", " ", "yellow", "Yellow", "YELLOW", "red", "private", "Public", "public ", "highlighting", "commenting",
        "replying", "bookmarking", "TextQuoteSelector", "TextPositionSelector", "textQuoteSelector", "TextualBody",
        "text/markdown", "text/html", "null", "true", "0", "-1", "\u0000", "yellow\u0000", "<script>alert(1)</script>",
        "'; DROP TABLE Annotations; --", "../../etc/passwd", "\u202Eevil", "\uFEFF", "%00", "{{7*7}}",
    ];

    private static readonly string[] Numbers =
    [
        "NaN", "Infinity", "-Infinity", "-1", "0", "-0", "1.5", "1e-7", "2147483647", "-2147483648", "2147483648",
        "-2147483649", "9007199254740993", "1e300", "1e999", "-1e999", "0x10", "01", "1_000", "\"12\"", "\"NaN\"",
    ];

    private readonly Random _random = new(seed);

    /// <summary>What was done to the request, in order, for a failure message.</summary>
    public List<string> Applied { get; } = [];

    /// <summary>
    /// Up to three mutations of <paramref name="valid"/> (which is left as it was), as the bytes of a
    /// request body. <paramref name="plausible"/> values (a valid colour, a real selector position) are
    /// offered too, so that some mutants are still valid and the accepting path is exercised as well.
    /// </summary>
    public byte[] Mutate(JsonNode valid, Func<Random, JsonNode?>? plausible = null)
    {
        var root = valid.DeepClone();
        // Now and then none, so that the request as the caller built it (say, a displaced selector) is sent as is.
        var count = _random.Next(8) == 0 ? 0 : 1 + _random.Next(3);
        for (var i = 0; i < count; i++)
        {
            root = MutateTree(root, plausible);
        }

        var text = Write(root, escapeNonAscii: _random.Next(4) == 0);
        var bytes = Encoding.UTF8.GetBytes(text);
        return _random.Next(8) == 0 ? BreakText(bytes) : bytes;
    }

    private JsonNode MutateTree(JsonNode root, Func<Random, JsonNode?>? plausible)
    {
        var slots = Slots(root).ToList();
        if (slots.Count == 0)
        {
            Applied.Add("replaced the whole request");
            return RandomValue(depth: 0) ?? new JsonObject();
        }

        var (parent, key, index) = slots[_random.Next(slots.Count)];
        var where = key ?? $"[{index}]";
        switch (_random.Next(10))
        {
            case 0:
                Applied.Add($"dropped {where}");
                Remove(parent, key, index);
                break;
            case 1:
                Applied.Add($"{where} = a value of a random type");
                Set(parent, key, index, RandomValue(depth: 0));
                break;
            case 2:
                var length = Pick([10_001, 20_001, 32_768, 100_000, 1_000_000]);
                Applied.Add($"{where} = a string of {length} characters");
                Set(parent, key, index, new string((char)('a' + _random.Next(26)), length));
                break;
            case 3:
                Applied.Add($"{where} = random Unicode");
                Set(parent, key, index, RandomUnicode(1 + _random.Next(40)));
                break;
            case 4:
                var number = Pick(Numbers);
                Applied.Add($"{where} = {number}");
                Set(parent, key, index, Raw(number));
                break;
            case 5:
                var levels = Pick([1, 2, 10, 63, 64, 65, 200, 1_000]);
                Applied.Add($"{where} nested {levels} levels deeper");
                Set(parent, key, index, Nest(Get(parent, key, index), levels));
                break;
            case 6:
                var name = _random.Next(3) == 0 ? Pick(["Motivation", "COLOR", "$type", "__proto__", "id", "creator", "ownerId", "seq"]) : RandomUnicode(1 + _random.Next(8));
                Applied.Add($"added member '{name}' beside {where}");
                if (parent is JsonObject siblings)
                {
                    siblings[name] = RandomValue(depth: 0);
                }
                else
                {
                    ((JsonArray)parent).Add(RandomValue(depth: 0));
                }

                break;
            case 7:
                var word = Pick(Words);
                Applied.Add($"{where} = '{word}'");
                Set(parent, key, index, word);
                break;
            default:
                var value = plausible?.Invoke(_random);
                Applied.Add($"{where} = plausible {value?.ToJsonString() ?? "null"}");
                Set(parent, key, index, value);
                break;
        }

        return root;
    }

    // Every member and element of the tree, with its container.
    private static IEnumerable<(JsonNode Parent, string? Key, int Index)> Slots(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    yield return (obj, key, -1);
                    if (child is not null)
                    {
                        foreach (var inner in Slots(child))
                        {
                            yield return inner;
                        }
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    yield return (array, null, i);
                    if (array[i] is { } child)
                    {
                        foreach (var inner in Slots(child))
                        {
                            yield return inner;
                        }
                    }
                }

                break;
        }
    }

    private static JsonNode? Get(JsonNode parent, string? key, int index) =>
        key is not null ? parent[key] : parent[index];

    private static void Set(JsonNode parent, string? key, int index, JsonNode? value)
    {
        if (key is not null)
        {
            parent[key] = value;
        }
        else
        {
            parent[index] = value;
        }
    }

    private static void Remove(JsonNode parent, string? key, int index)
    {
        if (key is not null)
        {
            ((JsonObject)parent).Remove(key);
        }
        else
        {
            ((JsonArray)parent).RemoveAt(index);
        }
    }

    private JsonNode? Nest(JsonNode? value, int levels)
    {
        value = value?.DeepClone();
        var asArray = _random.Next(2) == 0;
        for (var i = 0; i < levels; i++)
        {
            value = asArray ? new JsonArray(value) : new JsonObject { ["x"] = value };
        }

        return value;
    }

    private JsonNode? RandomValue(int depth) => _random.Next(depth > 2 ? 5 : 7) switch
    {
        0 => null,
        1 => _random.Next(2) == 0,
        2 => Raw(Pick(Numbers)),
        3 => Pick(Words),
        4 => RandomUnicode(_random.Next(12)),
        5 => new JsonArray([.. Enumerable.Range(0, _random.Next(4)).Select(_ => RandomValue(depth + 1))]),
        _ => new JsonObject(Enumerable.Range(0, _random.Next(4)).Select(i => KeyValuePair.Create($"k{i}", RandomValue(depth + 1)))),
    };

    /// <summary>Code units of every awkward kind: lone high and low surrogates, pairs, NUL, controls, BOM, bidi overrides, non-characters.</summary>
    private string RandomUnicode(int length)
    {
        var text = new StringBuilder();
        while (text.Length < length)
        {
            switch (_random.Next(9))
            {
                case 0: text.Append((char)_random.Next(0xD800, 0xDC00)); break; // lone high surrogate
                case 1: text.Append((char)_random.Next(0xDC00, 0xE000)); break; // lone low surrogate
                case 2: text.Append(char.ConvertFromUtf32(_random.Next(0x10000, 0x110000))); break;
                case 3: text.Append((char)_random.Next(0, 0x20)); break;
                case 4: text.Append(Pick(["\uFEFF", "\uFFFE", "\uFFFF", "\u202E", "\u200B", "\u0301", "\u2028", "\\", "\"", "/"])); break;
                case 5: text.Append((char)_random.Next(0x80, 0xD800)); break;
                default: text.Append((char)_random.Next(0x20, 0x7F)); break;
            }
        }

        return text.ToString();
    }

    private static JsonValue Raw(string json) => JsonValue.Create(RawMarker + json)!;

    private T Pick<T>(T[] items) => items[_random.Next(items.Length)];

    // The serialized text, broken: cut short, a stray byte, invalid UTF-8, a character doubled, garbage after it.
    private byte[] BreakText(byte[] bytes)
    {
        var at = bytes.Length == 0 ? 0 : _random.Next(bytes.Length);
        var list = bytes.ToList();
        switch (_random.Next(5))
        {
            case 0:
                Applied.Add($"cut the text at byte {at}");
                return [.. list.Take(at)];
            case 1:
                var stray = Pick<byte>([0xFF, 0xC0, 0x80, 0xED, (byte)'{', (byte)'}', (byte)',', (byte)'"', (byte)'\\', 0]);
                Applied.Add($"inserted byte 0x{stray:X2} at {at}");
                list.Insert(at, stray);
                return [.. list];
            case 2:
                Applied.Add($"inserted an overlong or surrogate UTF-8 sequence at {at}");
                list.InsertRange(at, Pick<byte[]>([[0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82]]));
                return [.. list];
            case 3:
                Applied.Add($"doubled the byte at {at}");
                if (list.Count > 0)
                {
                    list.Insert(at, list[at]);
                }

                return [.. list];
            default:
                Applied.Add("appended text after the value");
                return [.. list, .. Encoding.UTF8.GetBytes(Pick([" {}", "]", ",", " null", "\u0000"]))];
        }
    }

    /// <summary>JSON text of the tree, lone surrogates escaped (no encoder would write them), raw tokens as they are.</summary>
    private static string Write(JsonNode? node, bool escapeNonAscii)
    {
        var text = new StringBuilder();
        WriteNode(text, node, escapeNonAscii);
        return text.ToString();
    }

    private static void WriteNode(StringBuilder text, JsonNode? node, bool escapeNonAscii)
    {
        switch (node)
        {
            case null:
                text.Append("null");
                break;
            case JsonObject obj:
                text.Append('{');
                var first = true;
                foreach (var (key, value) in obj)
                {
                    text.Append(first ? string.Empty : ",");
                    first = false;
                    WriteString(text, key, escapeNonAscii);
                    text.Append(':');
                    WriteNode(text, value, escapeNonAscii);
                }

                text.Append('}');
                break;
            case JsonArray array:
                text.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    text.Append(i == 0 ? string.Empty : ",");
                    WriteNode(text, array[i], escapeNonAscii);
                }

                text.Append(']');
                break;
            case JsonValue value when value.TryGetValue<string>(out var s):
                if (s.StartsWith(RawMarker, StringComparison.Ordinal))
                {
                    text.Append(s.AsSpan(RawMarker.Length));
                }
                else
                {
                    WriteString(text, s, escapeNonAscii);
                }

                break;
            default:
                text.Append(node.ToJsonString());
                break;
        }
    }

    private static void WriteString(StringBuilder text, string value, bool escapeNonAscii)
    {
        text.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var pair = char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]);
            if (c == '"' || c == '\\')
            {
                text.Append('\\').Append(c);
            }
            else if (c < 0x20 || (char.IsSurrogate(c) && !pair && !(char.IsLowSurrogate(c) && i > 0 && char.IsHighSurrogate(value[i - 1]))) || (escapeNonAscii && c > 0x7E))
            {
                text.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                text.Append(c);
            }
        }

        text.Append('"');
    }
}
