using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Catalog.Api.Data.Migrations.Sqlite;

/// <summary>The SQLite model after the last migration; hand-written, checked against the model by the tests.</summary>
[DbContext(typeof(SqliteCatalogDbContext))]
internal sealed class SqliteCatalogDbContextModelSnapshot : ModelSnapshot
{
    protected override void BuildModel(ModelBuilder modelBuilder)
    {
        modelBuilder.HasAnnotation("ProductVersion", "10.0.14");

        modelBuilder.Entity("Catalog.Api.Items.Item", b =>
        {
            b.Property<int>("Id")
                .ValueGeneratedOnAdd()
                .HasColumnType("INTEGER");

            b.Property<DateTimeOffset>("CreatedAt")
                .HasColumnType("TEXT");

            b.Property<string>("Name")
                .IsRequired()
                .HasMaxLength(200)
                .HasColumnType("TEXT");

            b.Property<decimal>("Price")
                .HasPrecision(18, 2)
                .HasColumnType("TEXT");

            b.Property<string>("Sku")
                .IsRequired()
                .HasMaxLength(64)
                .HasColumnType("TEXT");

            b.Property<int>("Stock")
                .HasColumnType("INTEGER");

            b.Property<DateTimeOffset?>("UpdatedAt")
                .HasColumnType("TEXT");

            b.HasKey("Id");

            b.HasIndex("Sku")
                .IsUnique();

            b.ToTable("Items");
        });
    }
}
