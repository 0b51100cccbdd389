using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EssayReader.Data.Migrations
{
    /// <inheritdoc />
    public partial class IndexVisibleAnnotations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Annotations_EssaySlug_Visibility_Seq_OwnerId",
                table: "Annotations",
                columns: new[] { "EssaySlug", "Visibility", "Seq", "OwnerId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Annotations_EssaySlug_Visibility_Seq_OwnerId",
                table: "Annotations");
        }
    }
}
