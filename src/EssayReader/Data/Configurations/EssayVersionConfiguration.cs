using EssayReader.Essays;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EssayReader.Data.Configurations;

internal sealed class EssayVersionConfiguration : IEntityTypeConfiguration<EssayVersion>
{
    public void Configure(EntityTypeBuilder<EssayVersion> builder)
    {
        builder.HasKey(v => new { v.Slug, v.Version });
        builder.Property(v => v.Slug).HasMaxLength(SlugRules.MaxLength);
        builder.Property(v => v.Version).HasMaxLength(64);
        builder.HasIndex(v => new { v.Slug, v.FirstSeenUtc });
    }
}
