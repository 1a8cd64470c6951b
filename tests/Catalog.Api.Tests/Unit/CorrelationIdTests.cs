using Catalog.Api.Observability;

namespace Catalog.Api.Tests.Unit;

public sealed class CorrelationIdTests
{
    [TestCase("abc-123")]
    [TestCase("0HN5:00000001")]
    [TestCase("4bf92f3577b34da6a3ce929d0e0e4736")]
    public void Sane_ids_are_kept(string id)
    {
        Assert.That(CorrelationId.Accept(id), Is.EqualTo(id));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("has space")]
    [TestCase("new\nline")]
    [TestCase("quote\"")]
    public void Ids_that_could_inject_text_are_replaced(string? id)
    {
        Assert.That(CorrelationId.Accept(id), Is.Null);
    }

    [Test]
    public void Ids_longer_than_128_characters_are_replaced()
    {
        Assert.Multiple(() =>
        {
            Assert.That(CorrelationId.Accept(new string('a', 128)), Is.Not.Null);
            Assert.That(CorrelationId.Accept(new string('a', 129)), Is.Null);
        });
    }

    [Test]
    public void New_ids_are_unique_and_acceptable()
    {
        var first = CorrelationId.New();
        var second = CorrelationId.New();

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.Not.EqualTo(second));
            Assert.That(CorrelationId.Accept(first), Is.EqualTo(first));
        });
    }
}
