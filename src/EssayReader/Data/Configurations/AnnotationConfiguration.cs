using EssayReader.Annotations;
using EssayReader.Essays;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EssayReader.Data.Configurations;

internal sealed class AnnotationConfiguration : IEntityTypeConfiguration<Annotation>
{
    public void Configure(EntityTypeBuilder<Annotation> builder)
    {
        // SQLite only numbers INTEGER PRIMARY KEY rows, and keyset paging wants a dense, ordered key;
        // the public identity is the Guid.
        builder.HasKey(a => a.Seq);
        builder.Property(a => a.Seq).ValueGeneratedOnAdd();
        builder.HasAlternateKey(a => a.Id);

        builder.Property(a => a.EssaySlug).HasMaxLength(SlugRules.MaxLength);
        builder.Property(a => a.Motivation).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Visibility).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Color).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.BodyMarkdown).HasMaxLength(AnnotationLimits.MaxBodyLength);

        builder.ComplexProperty(a => a.Target, target =>
        {
            target.Property(t => t.Exact).HasColumnName("Exact").HasMaxLength(AnnotationLimits.MaxQuoteLength);
            target.Property(t => t.Prefix).HasColumnName("Prefix").HasMaxLength(AnnotationLimits.ContextLength);
            target.Property(t => t.Suffix).HasColumnName("Suffix").HasMaxLength(AnnotationLimits.ContextLength);
            target.Property(t => t.Start).HasColumnName("Start");
            target.Property(t => t.End).HasColumnName("End");
            target.Property(t => t.EssayVersion).HasColumnName("EssayVersion").HasMaxLength(64);
        });

        builder.HasOne(a => a.Owner).WithMany().HasForeignKey(a => a.OwnerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Annotation>().WithMany().HasForeignKey(a => a.ReplyToId).HasPrincipalKey(a => a.Id).OnDelete(DeleteBehavior.Restrict);

        builder.HasIndex(a => new { a.EssaySlug, a.Seq });
        // What a reader may see, in the listing's order: the public ones of an essay come in Seq order
        // straight from it, and "how many may this reader see" (the listing's total) is counted from
        // the index alone, never from the rows (10 MB of table for an essay with 10 000 annotations).
        builder.HasIndex(a => new { a.EssaySlug, a.Visibility, a.Seq, a.OwnerId });
        builder.HasIndex(a => a.OwnerId);
        builder.HasIndex(a => a.ReplyToId);
    }
}
