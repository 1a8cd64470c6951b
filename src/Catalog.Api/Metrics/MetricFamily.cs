using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Catalog.Api.Metrics;

/// <summary>
/// The aggregated series of one instrument and their Prometheus text: a counter sums, an up-down counter sums into a
/// gauge, an observable gauge keeps the last value, a histogram counts into cumulative buckets.
/// </summary>
internal sealed class MetricFamily
{
    private readonly ConcurrentDictionary<string, Series> series = new(StringComparer.Ordinal);
    private readonly double[] bounds;
    private readonly Aggregation aggregation;

    public MetricFamily(Instrument instrument, IReadOnlyList<double> defaultBuckets)
    {
        Name = instrument.Name;
        Help = instrument.Description ?? instrument.Name;
        (aggregation, Type) = instrument switch
        {
            Counter<long> or Counter<int> or Counter<double> => (Aggregation.Sum, "counter"),
            ObservableCounter<long> or ObservableCounter<int> or ObservableCounter<double> => (Aggregation.LastValue, "counter"),
            Histogram<long> or Histogram<int> or Histogram<double> => (Aggregation.Histogram, "histogram"),
            UpDownCounter<long> or UpDownCounter<int> or UpDownCounter<double> => (Aggregation.Sum, "gauge"),
            _ => (Aggregation.LastValue, "gauge"),
        };
        bounds = [.. (instrument as Histogram<double>)?.Advice?.HistogramBucketBoundaries ?? defaultBuckets];
    }

    private enum Aggregation
    {
        Sum,
        LastValue,
        Histogram,
    }

    public string Name { get; }

    public string Help { get; }

    public string Type { get; }

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var entry = series.GetOrAdd(FormatLabels(tags), _ => new Series(bounds.Length));
        lock (entry)
        {
            switch (aggregation)
            {
                case Aggregation.Sum:
                    entry.Value += value;
                    break;
                case Aggregation.LastValue:
                    entry.Value = value;
                    break;
                default:
                    var bucket = Array.FindIndex(bounds, bound => value <= bound);
                    entry.BucketCounts[bucket < 0 ? bounds.Length : bucket]++;
                    entry.Count++;
                    entry.Value += value;
                    break;
            }
        }
    }

    public void WriteTo(StringBuilder output)
    {
        if (series.IsEmpty)
        {
            return;
        }

        output.Append("# HELP ").Append(Name).Append(' ').Append(EscapeHelp(Help)).Append('\n');
        output.Append("# TYPE ").Append(Name).Append(' ').Append(Type).Append('\n');
        foreach (var (labels, entry) in series.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            lock (entry)
            {
                if (aggregation == Aggregation.Histogram)
                {
                    WriteHistogram(output, labels, entry);
                }
                else
                {
                    WriteSample(output, Name, labels, entry.Value);
                }
            }
        }
    }

    /// <summary>Labels sorted by name and escaped as the text format requires, e.g. <c>method="GET",route="/x"</c>.</summary>
    internal static string FormatLabels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty)
        {
            return string.Empty;
        }

        var sorted = tags.ToArray();
        Array.Sort(sorted, static (left, right) => string.CompareOrdinal(left.Key, right.Key));
        var builder = new StringBuilder();
        foreach (var (name, value) in sorted)
        {
            if (builder.Length > 0)
            {
                builder.Append(',');
            }

            builder.Append(name).Append("=\"")
                .Append(EscapeLabelValue(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty))
                .Append('"');
        }

        return builder.ToString();
    }

    internal static string FormatValue(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : double.IsNaN(value) ? "NaN"
        : value.ToString(CultureInfo.InvariantCulture);

    private void WriteHistogram(StringBuilder output, string labels, Series entry)
    {
        var separator = labels.Length == 0 ? string.Empty : ",";
        long cumulative = 0;
        for (var index = 0; index < bounds.Length; index++)
        {
            cumulative += entry.BucketCounts[index];
            WriteSample(output, Name + "_bucket", $"{labels}{separator}le=\"{FormatValue(bounds[index])}\"", cumulative);
        }

        WriteSample(output, Name + "_bucket", $"{labels}{separator}le=\"+Inf\"", entry.Count);
        WriteSample(output, Name + "_sum", labels, entry.Value);
        WriteSample(output, Name + "_count", labels, entry.Count);
    }

    private static void WriteSample(StringBuilder output, string name, string labels, double value)
    {
        output.Append(name);
        if (labels.Length > 0)
        {
            output.Append('{').Append(labels).Append('}');
        }

        output.Append(' ').Append(FormatValue(value)).Append('\n');
    }

    private static string EscapeLabelValue(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal);

    private static string EscapeHelp(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private sealed class Series(int bucketCount)
    {
        public double Value { get; set; }

        public long Count { get; set; }

        public long[] BucketCounts { get; } = new long[bucketCount + 1];
    }
}
