using System.Security.Claims;
using EssayReader.Accounts;
using EssayReader.Data;
using EssayReader.Essays;
using EssayReader.Pages;
using EssayReader.RateLimiting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace EssayReader.Annotations;

/// <summary>
/// The annotation API (DESIGN.md): list and create under an essay, read, edit and delete one, and
/// its replies. Errors are ProblemDetails; a refused request changes nothing.
/// </summary>
public static class AnnotationsApi
{
    public static IEndpointRouteBuilder MapAnnotationsApi(this IEndpointRouteBuilder app)
    {
        // Every write needs the antiforgery token; every write that gets past it evicts the essay's
        // cached anonymous pages, which show its public annotations.
        // Bodies are capped well below Kestrel's 30 MB (AnnotationLimits.MaxRequestBytes): routing hands
        // the limit to the server, which refuses a larger body with 413 before it is read. Writes are
        // counted per reader (RateLimits; reads pass uncounted).
        var api = app.MapGroup("/api")
            .WithTags("Annotations")
            .WithMetadata(new RequestSizeLimitAttribute(AnnotationLimits.MaxRequestBytes))
            .RequireRateLimiting(RateLimits.AnnotationWrites)
            .AddEndpointFilter<AntiforgeryFilter>()
            .AddEndpointFilter<EvictEssayPagesFilter>();

        // The problems each call can answer, for the OpenAPI document: the handlers' typed results
        // name only their successes and validation problems. Every write can also answer 401 (signed
        // out), 400 (no antiforgery token), 413 (a body over the limit) and 429 (too many writes).
        api.MapGet("/essays/{slug}/annotations", List).WithName("ListAnnotations")
            .Produces<AnnotationPage>()
            .Problems(StatusCodes.Status404NotFound);
        api.MapPost("/essays/{slug}/annotations", Create).RequireAuthorization().WithName("CreateAnnotation")
            .Problems(StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status429TooManyRequests);
        api.MapGet("/annotations/{id:guid}", Get).WithName("GetAnnotation")
            .Problems(StatusCodes.Status404NotFound);
        api.MapPatch("/annotations/{id:guid}", Update).RequireAuthorization().WithName("UpdateAnnotation")
            .Problems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status429TooManyRequests);
        api.MapDelete("/annotations/{id:guid}", Delete).RequireAuthorization().WithName("DeleteAnnotation")
            .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status429TooManyRequests);
        api.MapGet("/annotations/{id:guid}/replies", ListReplies).WithName("ListReplies")
            .Problems(StatusCodes.Status404NotFound);
        api.MapPost("/annotations/{id:guid}/replies", Reply).RequireAuthorization().WithName("CreateReply")
            .Problems(StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status429TooManyRequests);
        return app;
    }

    private static RouteHandlerBuilder Problems(this RouteHandlerBuilder endpoint, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            endpoint.ProducesProblem(status);
        }

        return endpoint;
    }

    // Public annotations come from memory when they can (PublicAnnotationListing), a reader's own private ones from the database.
    private static async Task<IResult> List(
        string slug, long? after, int? limit, HttpContext http, EssayCatalog essays, SiteUrls urls, AnchorResolver resolver,
        PublicAnnotationListing publicListing, CancellationToken cancellationToken)
    {
        if (essays.Find(slug) is not { } essay)
        {
            return EssayNotFound(slug);
        }

        var pageSize = Math.Clamp(limit ?? AnnotationLimits.PageSize, 1, AnnotationLimits.PageSize);
        if (await publicListing.FindPageAsync(essay, after ?? 0, pageSize, urls, http, cancellationToken) is { } fromMemory)
        {
            return fromMemory;
        }

        var readerId = http.User.ReaderId();

        // Asked for only here: a page from memory has no use for a database context.
        var db = http.RequestServices.GetRequiredService<EssayReaderDb>();
        var visible = db.Annotations.AsNoTracking().Where(a => a.EssaySlug == essay.Slug).VisibleTo(readerId);
        var total = await visible.CountAsync(cancellationToken);
        var rows = await visible
            .Where(a => a.Seq > (after ?? 0))
            .OrderBy(a => a.Seq)
            .Take(pageSize + 1)
            .ToListWithOwnerNamesAsync(cancellationToken);

        var more = rows.Count > pageSize;
        var page = rows.Take(pageSize).ToList();
        var anchors = await resolver.ResolveAsync(essay, page, cancellationToken);
        var items = page.Select(a => Document(a, essay, urls, anchors[a.Id])).ToList();
        var next = more ? urls.Absolute($"/api/essays/{essay.Slug}/annotations?after={rows[pageSize - 1].Seq}&limit={pageSize}") : null;
        return TypedResults.Ok(new AnnotationPage(total, items, next));
    }

    private static async Task<Results<Created<AnnotationDocument>, ProblemHttpResult, ValidationProblem>> Create(
        string slug, CreateAnnotationRequest request, HttpContext http, EssayCatalog essays, EssayReaderDb db, AnnotationInserts inserts,
        CommentMarkdown markdown, SiteUrls urls, TimeProvider clock, AnchorResolver resolver, EssayVersionRecorder versions, CancellationToken cancellationToken)
    {
        if (essays.Find(slug) is not { } essay)
        {
            return EssayNotFound(slug);
        }

        var errors = new Errors();
        var motivation = AnnotationInput.ParseMotivation(request.Motivation, errors);
        var visibility = AnnotationInput.ParseVisibility(request.Visibility, errors);
        var color = AnnotationInput.ParseColor(request.Color, errors);
        var body = AnnotationInput.ParseBody(request.Body, errors);
        var selectors = AnnotationInput.ParseTarget(request.Target, errors);
        // Only a body that was not sent at all: one that was sent and refused has its own error.
        if (motivation == Motivation.Commenting && request.Body is null or { Count: 0 })
        {
            errors.Add("body", "A comment needs a body.");
        }

        if (motivation == Motivation.Highlighting && body is not null)
        {
            errors.Add("body", "A highlight has no body; send motivation commenting to comment on a passage.");
        }

        if (motivation == Motivation.Replying)
        {
            errors.Add("motivation", "Reply with POST /api/annotations/{id}/replies.");
        }

        // Left unread, a replyTo here would quietly start a new thread instead of answering the comment.
        if (request.ReplyTo is not null)
        {
            errors.Add("replyTo", "Reply with POST /api/annotations/{id}/replies, where {id} is the comment's.");
        }

        if (errors.Count > 0 || selectors is null)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The annotation is not valid.");
        }

        var check = TargetValidator.Check(essay, selectors.Exact, selectors.Prefix, selectors.Suffix, selectors.Start, selectors.End);
        if (check.Target is not { } target)
        {
            return TargetMismatch(check.Error!);
        }

        await versions.EnsureRecordedAsync(essay, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var annotation = new Annotation
        {
            Id = Guid.CreateVersion7(),
            EssaySlug = essay.Slug,
            OwnerId = http.User.ReaderId()!,
            Motivation = motivation!.Value,
            Visibility = visibility ?? Visibility.Private,
            Color = color ?? (motivation == Motivation.Highlighting ? HighlightColor.Yellow : null),
            BodyMarkdown = body,
            BodyHtml = body is null ? null : markdown.ToSafeHtml(body),
            Target = target,
            CreatedUtc = now,
            ModifiedUtc = now,
        };
        await inserts.InsertAsync(annotation);
        if (annotation.Visibility == Visibility.Private)
        {
            EvictEssayPagesFilter.ChangedPrivateOnly(http);
        }

        await WithAuthorAsync(db, annotation, http.User, cancellationToken);

        return TypedResults.Created(urls.Absolute($"/api/annotations/{annotation.Id}"), Document(annotation, essay, urls, await resolver.ResolveAsync(essay, annotation, cancellationToken)));
    }

    private static async Task<Results<Ok<AnnotationDocument>, ProblemHttpResult>> Get(
        Guid id, HttpContext http, EssayCatalog essays, EssayReaderDb db, SiteUrls urls, AnchorResolver resolver, CancellationToken cancellationToken)
    {
        if (await FindVisibleAsync(db, essays, id, http.User.ReaderId(), cancellationToken) is not ({ } annotation, { } essay))
        {
            return AnnotationNotFound(id);
        }

        return TypedResults.Ok(Document(annotation, essay, urls, await resolver.ResolveAsync(essay, annotation, cancellationToken)));
    }

    private static async Task<Results<Ok<AnnotationDocument>, ProblemHttpResult, ValidationProblem>> Update(
        Guid id, UpdateAnnotationRequest request, HttpContext http, EssayCatalog essays, EssayReaderDb db, CommentMarkdown markdown,
        SiteUrls urls, TimeProvider clock, AnchorResolver resolver, EssayVersionRecorder versions, CancellationToken cancellationToken)
    {
        var readerId = http.User.ReaderId();
        if (await FindVisibleAsync(db, essays, id, readerId, cancellationToken) is not ({ } annotation, { } essay))
        {
            return AnnotationNotFound(id);
        }

        if (!AnnotationRules.CanChange(annotation, readerId))
        {
            return NotYours();
        }

        if (annotation.IsDeleted)
        {
            return AlreadyDeleted();
        }

        var errors = new Errors();
        var visibility = AnnotationInput.ParseVisibility(request.Visibility, errors);
        var color = AnnotationInput.ParseColor(request.Color, errors);
        var body = AnnotationInput.ParseBody(request.Body, errors);
        var selectors = request.Target is null ? null : AnnotationInput.ParseTarget(request.Target, errors);
        if (annotation.Motivation == Motivation.Replying)
        {
            // Each under the field that was sent, so a client sees what to leave out.
            const string onlyBody = "A reply can only change its body; it follows its comment's place and visibility, and has no colour.";
            foreach (var (field, sent) in new[] { ("target", request.Target is not null), ("color", request.Color is not null), ("visibility", request.Visibility is not null) })
            {
                if (sent)
                {
                    errors.Add(field, onlyBody);
                }
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The change is not valid.");
        }

        if (selectors is not null)
        {
            var check = TargetValidator.Check(essay, selectors.Exact, selectors.Prefix, selectors.Suffix, selectors.Start, selectors.End);
            if (check.Target is not { } target)
            {
                return TargetMismatch(check.Error!);
            }

            await versions.EnsureRecordedAsync(essay, cancellationToken);
            annotation.Target = target;

            // Replies point at their comment's passage: the thread moves as one, in the same save.
            foreach (var reply in await db.Annotations.Where(a => a.ReplyToId == annotation.Id).ToListAsync(cancellationToken))
            {
                reply.Target = target;
            }
        }

        if (body is not null)
        {
            annotation.BodyMarkdown = body;
            annotation.BodyHtml = markdown.ToSafeHtml(body);
            // A note added to a highlight makes it a comment on that passage.
            if (annotation.Motivation == Motivation.Highlighting)
            {
                annotation.Motivation = Motivation.Commenting;
            }
        }

        // Others' replies are theirs: a comment they answered in public cannot take them out of sight.
        if (visibility == Visibility.Private && annotation.Visibility == Visibility.Public
            && await db.Annotations.AnyAsync(a => a.ReplyToId == annotation.Id && a.OwnerId != annotation.OwnerId, cancellationToken))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Other readers have replied in public.",
                detail: "A comment with replies from other readers stays public. You can edit its words or delete it; the replies stay.");
        }

        var wasPrivate = annotation.Visibility == Visibility.Private;
        if (visibility is { } newVisibility)
        {
            annotation.Visibility = newVisibility;
        }

        if (color is { } newColor)
        {
            annotation.Color = newColor;
        }

        annotation.ModifiedUtc = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        if (visibility is { } changed)
        {
            // Replies follow their comment (only the author's own replies can be there when it goes private).
            await db.Annotations.Where(a => a.ReplyToId == annotation.Id)
                .ExecuteUpdateAsync(set => set.SetProperty(a => a.Visibility, changed), cancellationToken);
        }

        if (wasPrivate && annotation.Visibility == Visibility.Private)
        {
            EvictEssayPagesFilter.ChangedPrivateOnly(http);
        }

        return TypedResults.Ok(Document(annotation, essay, urls, await resolver.ResolveAsync(essay, annotation, cancellationToken)));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        Guid id, HttpContext http, EssayReaderDb db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var readerId = http.User.ReaderId();
        var annotation = await Find(db, id, cancellationToken);
        if (annotation is null || !AnnotationRules.CanSee(annotation, readerId))
        {
            return AnnotationNotFound(id);
        }

        if (!AnnotationRules.CanChange(annotation, readerId))
        {
            return NotYours();
        }

        if (annotation.IsDeleted)
        {
            return AlreadyDeleted();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var replies = await db.Annotations.Where(a => a.ReplyToId == annotation.Id).ToListAsync(cancellationToken);
        if (replies.Any(r => r.OwnerId != annotation.OwnerId))
        {
            // Others' replies are theirs: the comment leaves its words, the thread stays.
            annotation.IsDeleted = true;
            annotation.BodyMarkdown = null;
            annotation.BodyHtml = null;
            annotation.ModifiedUtc = clock.GetUtcNow().UtcDateTime;
        }
        else
        {
            db.Annotations.RemoveRange(replies);
            db.Annotations.Remove(annotation);
        }

        // The last reply under a deleted comment takes the empty comment with it.
        if (annotation.ReplyToId is { } parentId
            && await db.Annotations.FirstOrDefaultAsync(a => a.Id == parentId, cancellationToken) is { IsDeleted: true } parent
            && !await db.Annotations.AnyAsync(a => a.ReplyToId == parentId && a.Id != annotation.Id, cancellationToken))
        {
            db.Annotations.Remove(parent);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        // Its replies and an emptied comment it leaves are as private as it is.
        if (annotation.Visibility == Visibility.Private)
        {
            EvictEssayPagesFilter.ChangedPrivateOnly(http);
        }

        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<AnnotationPage>, ProblemHttpResult>> ListReplies(
        Guid id, HttpContext http, EssayCatalog essays, EssayReaderDb db, SiteUrls urls, AnchorResolver resolver, CancellationToken cancellationToken)
    {
        var readerId = http.User.ReaderId();
        if (await FindVisibleAsync(db, essays, id, readerId, cancellationToken) is not ({ } parent, { } essay))
        {
            return AnnotationNotFound(id);
        }

        var replies = await db.Annotations.AsNoTracking()
            .Where(a => a.ReplyToId == id)
            .VisibleTo(readerId)
            .OrderBy(a => a.Seq)
            .Include(a => a.Owner)
            .ToListAsync(cancellationToken);
        var anchors = await resolver.ResolveAsync(essay, replies, cancellationToken);
        return TypedResults.Ok(new AnnotationPage(replies.Count, replies.Select(r => Document(r, essay, urls, anchors[r.Id])).ToList(), null));
    }

    private static async Task<Results<Created<AnnotationDocument>, ProblemHttpResult, ValidationProblem>> Reply(
        Guid id, CreateReplyRequest request, HttpContext http, EssayCatalog essays, EssayReaderDb db, AnnotationInserts inserts,
        CommentMarkdown markdown, SiteUrls urls, TimeProvider clock, AnchorResolver resolver, EssayVersionRecorder versions, CancellationToken cancellationToken)
    {
        var readerId = http.User.ReaderId();
        if (await FindVisibleAsync(db, essays, id, readerId, cancellationToken) is not ({ } parent, { } essay))
        {
            return AnnotationNotFound(id);
        }

        // A reply to a reply joins the thread of the comment it answers.
        if (parent.Motivation == Motivation.Replying && parent.ReplyToId is { } rootId)
        {
            parent = await Find(db, rootId, cancellationToken) ?? parent;
        }

        if (!AnnotationRules.CanReplyTo(parent, readerId))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "This annotation takes no replies.",
                detail: parent.IsDeleted ? "The comment was deleted." : "Only comments take replies; highlights do not.");
        }

        var errors = new Errors();
        var body = AnnotationInput.ParseBody(request.Body, errors);
        if (body is null && errors.Count == 0)
        {
            errors.Add("body", "A reply needs a body.");
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The reply is not valid.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var reply = new Annotation
        {
            Id = Guid.CreateVersion7(),
            EssaySlug = parent.EssaySlug,
            OwnerId = readerId!,
            Motivation = Motivation.Replying,
            Visibility = parent.Visibility,
            BodyMarkdown = body,
            BodyHtml = markdown.ToSafeHtml(body!),
            Target = parent.Target,
            ReplyToId = parent.Id,
            CreatedUtc = now,
            ModifiedUtc = now,
        };
        await inserts.InsertAsync(reply);
        if (reply.Visibility == Visibility.Private)
        {
            EvictEssayPagesFilter.ChangedPrivateOnly(http);
        }

        await WithAuthorAsync(db, reply, http.User, cancellationToken);

        return TypedResults.Created(urls.Absolute($"/api/annotations/{reply.Id}"), Document(reply, essay, urls, await resolver.ResolveAsync(essay, reply, cancellationToken)));
    }

    // An annotation the reader may see, with its essay; anything else is "not found", so that a private
    // annotation's existence is never revealed to another reader.
    private static async Task<(Annotation Annotation, Essay Essay)?> FindVisibleAsync(
        EssayReaderDb db, EssayCatalog essays, Guid id, string? readerId, CancellationToken cancellationToken) =>
        await Find(db, id, cancellationToken) is { } annotation && AnnotationRules.CanSee(annotation, readerId) && essays.Find(annotation.EssaySlug) is { } essay
            ? (annotation, essay)
            : null;

    private static Task<Annotation?> Find(EssayReaderDb db, Guid id, CancellationToken cancellationToken) =>
        db.Annotations.Include(a => a.Owner).FirstOrDefaultAsync(a => a.Id == id, cancellationToken);

    /// <summary>The API's view of an annotation, with its anchor in the essay's current version.</summary>
    public static AnnotationDocument Document(Annotation annotation, Essay essay, SiteUrls urls, AnchorDocument anchor)
    {
        var target = annotation.Target;
        var body = annotation.BodyMarkdown is { } markdown
            ? new[] { new TextualBodyDocument("TextualBody", markdown, "text/markdown", annotation.BodyHtml ?? string.Empty) }
            : null;
        return new AnnotationDocument(
            AnnotationDocument.W3CContext,
            urls.Absolute($"/api/annotations/{annotation.Id}"),
            "Annotation",
            AnnotationInput.Name(annotation.Motivation),
            DateTime.SpecifyKind(annotation.CreatedUtc, DateTimeKind.Utc),
            DateTime.SpecifyKind(annotation.ModifiedUtc, DateTimeKind.Utc),
            new CreatorDocument(urls.Absolute($"/readers/{annotation.OwnerId}"), "Person", annotation.Owner?.DisplayName ?? "A reader"),
            new TargetDocument(
                urls.Absolute($"/essays/{annotation.EssaySlug}"),
                [
                    new TextQuoteSelectorDocument(target.Exact, target.Prefix, target.Suffix),
                    new TextPositionSelectorDocument(target.Start, target.End),
                ]),
            target.EssayVersion,
            AnnotationInput.Name(annotation.Visibility),
            anchor,
            Body: body,
            Color: annotation.Color is { } color ? AnnotationInput.Name(color) : null,
            ReplyTo: annotation.ReplyToId is { } parent ? urls.Absolute($"/api/annotations/{parent}") : null,
            Deleted: annotation.IsDeleted);
    }

    private static ProblemHttpResult EssayNotFound(string slug) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such essay.", detail: $"There is no essay '{slug}'.");

    private static ProblemHttpResult AnnotationNotFound(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such annotation.", detail: $"There is no annotation {id} that you can see.");

    private static ProblemHttpResult NotYours() =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not yours.", detail: "Only the reader who wrote an annotation can change or delete it.");

    private static ProblemHttpResult AlreadyDeleted() =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: "The comment was deleted.",
            detail: "The comment was deleted; it stays, without its words, only to hold other readers' replies, and cannot be changed or deleted again.");

    private static ProblemHttpResult TargetMismatch(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "The selection does not match the essay.", detail: detail);

    // A new annotation's author is the signed-in reader, whose display name the sign-in cookie carries
    // (ReaderClaims): the answer needs no query for it. A cookie issued without that claim reads the
    // name from the database. The saved annotation is tracked by no context (AnnotationInserts saved
    // it in its own), so its owner stays a name to show and never becomes an account to track.
    private static async Task WithAuthorAsync(EssayReaderDb db, Annotation annotation, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var name = user.FindFirstValue(ReaderClaims.DisplayName)
            ?? await db.Users.AsNoTracking().Where(r => r.Id == annotation.OwnerId).Select(r => r.DisplayName).FirstOrDefaultAsync(cancellationToken);
        annotation.Owner = name is null ? null : new Reader { Id = annotation.OwnerId, DisplayName = name };
    }
}

/// <summary>Every state-changing API call must carry the antiforgery token from <c>GET /api/session</c>.</summary>
internal sealed class AntiforgeryFilter(IAntiforgery antiforgery) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) || HttpMethods.IsOptions(http.Request.Method))
        {
            return await next(context);
        }

        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Missing or invalid antiforgery token.",
                detail: $"Send the token from GET /api/session in the {AccountsExtensions.AntiforgeryHeader} header.");
        }

        return await next(context);
    }
}
