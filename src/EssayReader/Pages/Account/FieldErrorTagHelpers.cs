using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace EssayReader.Pages.Account;

/// <summary>
/// Marks an <c>&lt;input asp-for&gt;</c> whose value was refused: <c>aria-invalid="true"</c>, and its error
/// message (written by <see cref="FieldErrorTagHelper"/>) added to <c>aria-describedby</c>, so a screen
/// reader says what is wrong when the field gets focus.
/// </summary>
[HtmlTargetElement("input", Attributes = "asp-for")]
public sealed class InvalidFieldTagHelper(IHtmlGenerator generator) : TagHelper
{
    // After the framework's InputTagHelper (Order -1000), which writes the id this refers to.
    public override int Order => 0;

    [HtmlAttributeName("asp-for")]
    public required ModelExpression For { get; set; }

    [ViewContext]
    [HtmlAttributeNotBound]
    public required ViewContext ViewContext { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (!FieldErrorTagHelper.HasErrors(ViewContext, For.Name))
        {
            return;
        }

        var id = output.Attributes.TryGetAttribute("id", out var idAttribute)
            ? idAttribute.Value?.ToString() ?? FieldErrorTagHelper.FieldId(generator, For.Name)
            : FieldErrorTagHelper.FieldId(generator, For.Name);
        var describedBy = output.Attributes.TryGetAttribute("aria-describedby", out var existing) ? existing.Value?.ToString() : null;
        output.Attributes.SetAttribute("aria-invalid", "true");
        output.Attributes.SetAttribute("aria-describedby", string.IsNullOrEmpty(describedBy)
            ? FieldErrorTagHelper.ErrorId(id)
            : $"{FieldErrorTagHelper.ErrorId(id)} {describedBy}");
    }
}

/// <summary>
/// <c>&lt;field-error for="Input.UserName" /&gt;</c>: the field's error messages in a paragraph whose id
/// the field's <c>aria-describedby</c> points to; nothing at all while the field is valid.
/// </summary>
[HtmlTargetElement("field-error", Attributes = "for", TagStructure = TagStructure.WithoutEndTag)]
public sealed class FieldErrorTagHelper(IHtmlGenerator generator) : TagHelper
{
    public required ModelExpression For { get; set; }

    [ViewContext]
    [HtmlAttributeNotBound]
    public required ViewContext ViewContext { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (!ViewContext.ViewData.ModelState.TryGetValue(For.Name, out var entry) || entry.Errors.Count == 0)
        {
            output.SuppressOutput();
            return;
        }

        output.TagName = "p";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("id", ErrorId(FieldId(generator, For.Name)));
        output.Attributes.SetAttribute("class", "field-error");
        output.Content.Clear();
        output.Content.AppendHtml("<span class=\"visually-hidden\">Error: </span>");
        for (var i = 0; i < entry.Errors.Count; i++)
        {
            if (i > 0)
            {
                output.Content.Append(" ");
            }

            // Append encodes: a message may quote what the reader typed.
            output.Content.Append(entry.Errors[i].ErrorMessage);
        }
    }

    internal static bool HasErrors(ViewContext viewContext, string name) =>
        viewContext.ViewData.ModelState.TryGetValue(name, out var entry) && entry.Errors.Count > 0;

    /// <summary>The id the framework gives the input for <paramref name="name"/> ("Input.UserName" → "Input_UserName").</summary>
    internal static string FieldId(IHtmlGenerator generator, string name) =>
        TagBuilder.CreateSanitizedId(name, generator.IdAttributeDotReplacement);

    internal static string ErrorId(string fieldId) => fieldId + "-error";
}
