using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EssayReader.Data.Migrations
{
    /// <inheritdoc />
    public partial class RecordEssayVersions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "EssayVersions",
                columns: table => new
                {
                    Slug = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Version = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Text = table.Column<string>(type: "TEXT", nullable: false),
                    FirstSeenUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EssayVersions", x => new { x.Slug, x.Version });
                });

            migrationBuilder.CreateIndex(
                name: "IX_EssayVersions_Slug_FirstSeenUtc",
                table: "EssayVersions",
                columns: new[] { "Slug", "FirstSeenUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "EssayVersions");
        }
    }
}
