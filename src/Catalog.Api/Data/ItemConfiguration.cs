using Catalog.Api.Items;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Catalog.Api.Data;

/// <summary>The mapping of <see cref="Item"/>, shared by both providers; each provider's model snapshot must match it.</summary>
internal sealed class ItemConfiguration : IEntityTypeConfiguration<Item>
{
    public void Configure(EntityTypeBuilder<Item> builder)
    {
        builder.ToTable("Items");
        builder.HasKey(item => item.Id);
        builder.Property(item => item.Sku).HasMaxLength(Item.SkuMaxLength);
        builder.HasIndex(item => item.Sku).IsUnique();
        builder.Property(item => item.Name).HasMaxLength(Item.NameMaxLength);
        builder.Property(item => item.Price).HasPrecision(Item.PricePrecision, Item.PriceScale);
    }
}
