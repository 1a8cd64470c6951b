using Catalog.Api.Commands;

namespace Catalog.Api.Tests.Unit;

public sealed class BackupTocTests
{
    // pg_restore --list of a real pg_dump -Fc (PostgreSQL 15), trimmed to the header lines the parser reads.
    private const string Listing = """
        ;
        ; Archive created at 2026-12-03 07:33:53 UTC
        ;     dbname: pgscratch1
        ;     Format: CUSTOM
        ;
        ; Selected TOC Entries:
        ;
        215; 1259 49154 TABLE public Items slipway
        214; 1259 49153 SEQUENCE public Items_id_seq slipway
        3360; 0 0 SEQUENCE OWNED BY public Items_id_seq slipway
        217; 1259 49166 TABLE public my tab slipway
        216; 1259 49162 VIEW public v slipway
        3205; 2604 49157 DEFAULT public Items id slipway
        3352; 0 49154 TABLE DATA public Items slipway
        3361; 0 0 SEQUENCE SET public Items_id_seq slipway
        3207; 2606 49161 CONSTRAINT public Items Items_pkey slipway
        """;

    [Test]
    public void Reads_the_format_and_every_entry()
    {
        var toc = BackupToc.Parse(Listing);

        Assert.Multiple(() =>
        {
            Assert.That(toc.Format, Is.EqualTo("CUSTOM"));
            Assert.That(toc.Entries, Has.Count.EqualTo(9));
            Assert.That(toc.Entries, Does.Contain(new BackupToc.Entry("TABLE DATA", "public", "Items")));
            Assert.That(toc.Entries, Does.Contain(new BackupToc.Entry("SEQUENCE OWNED BY", "public", "Items_id_seq")));
        });
    }

    [Test]
    public void Relations_are_the_tables_views_and_sequences_with_names_that_may_hold_spaces()
    {
        var relations = BackupToc.Parse(Listing).Relations.Select(r => $"{r.Type} {r.Schema}.{r.Name}");

        Assert.That(relations, Is.EquivalentTo(new[]
        {
            "TABLE public.Items", "SEQUENCE public.Items_id_seq", "TABLE public.my tab", "VIEW public.v",
        }));
    }

    [Test]
    public void Text_that_is_not_a_listing_has_no_format_and_no_entries()
    {
        var toc = BackupToc.Parse("pg_restore: error: input file does not appear to be a valid archive");

        Assert.Multiple(() =>
        {
            Assert.That(toc.Format, Is.Null);
            Assert.That(toc.Entries, Is.Empty);
        });
    }
}
