using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Slipway.Delivery.Image;

/// <summary>
/// Clamps every modification time in an uncompressed layer tar to a given epoch (BuildKit's <c>rewrite-timestamp</c>,
/// which Docker 20.10's built-in BuildKit lacks), editing the headers in place: every other byte stays as the engine
/// wrote it, so the result depends only on the layer's content and the epoch, never on when the layer was built.
/// </summary>
internal static class LayerTimestampRewriter
{
    private const int Block = 512;
    private const int SizeOffset = 124;
    private const int SizeLength = 12;
    private const int MtimeOffset = 136;
    private const int MtimeLength = 12;
    private const int ChecksumOffset = 148;
    private const int ChecksumLength = 8;
    private const int TypeOffset = 156;

    /// <summary>True when some entry is newer than <paramref name="epoch"/> (the layer would change).</summary>
    public static bool NeedsRewrite(Stream layer, long epoch)
    {
        var changed = false;
        Walk(layer, Stream.Null, epoch, () => changed = true);
        return changed;
    }

    /// <summary>Copies <paramref name="input"/> to <paramref name="output"/> with mtimes clamped; returns the new diff id.</summary>
    public static string Rewrite(Stream input, Stream output, long epoch)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var hashing = new HashingStream(output, hash);
        Walk(input, hashing, epoch, onChange: null);
        return "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void Walk(Stream input, Stream output, long epoch, Action? onChange)
    {
        var header = new byte[Block];
        while (ReadBlock(input, header))
        {
            if (header.AsSpan().IndexOfAnyExcept((byte)0) < 0)
            {
                // The end-of-archive blocks (and any padding after them) are copied as they are.
                output.Write(header);
                input.CopyTo(output);
                return;
            }

            var size = ParseNumber(header.AsSpan(SizeOffset, SizeLength));
            var type = (char)header[TypeOffset];
            if (ClampHeaderMtime(header, epoch))
            {
                onChange?.Invoke();
            }

            output.Write(header);
            var dataBlocks = (size + Block - 1) / Block * Block;
            if (type is 'x' or 'g')
            {
                // PAX records may carry their own mtime (sub-second or out-of-range times): clamp it too.
                var records = new byte[dataBlocks];
                input.ReadExactly(records);
                if (ClampPaxMtime(records.AsSpan(0, (int)size), epoch))
                {
                    onChange?.Invoke();
                }

                output.Write(records);
            }
            else
            {
                CopyExactly(input, output, dataBlocks);
            }
        }
    }

    private static bool ClampHeaderMtime(byte[] header, long epoch)
    {
        var mtime = ParseNumber(header.AsSpan(MtimeOffset, MtimeLength));
        if (mtime <= epoch)
        {
            return false;
        }

        var octal = Convert.ToString(epoch, 8).PadLeft(MtimeLength - 1, '0');
        Encoding.ASCII.GetBytes(octal, header.AsSpan(MtimeOffset, MtimeLength - 1));
        header[MtimeOffset + MtimeLength - 1] = 0;
        var checksum = header.AsSpan(ChecksumOffset, ChecksumLength);
        checksum.Fill((byte)' ');
        var sum = 0;
        foreach (var b in header)
        {
            sum += b;
        }

        Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0'), checksum[..6]);
        checksum[6] = 0;
        checksum[7] = (byte)' ';
        return true;
    }

    /// <summary>
    /// Rewrites <c>mtime</c>, <c>atime</c> and <c>ctime</c> records newer than the epoch with a value of the same length
    /// (the record's length prefix stays true): the epoch's digits, then zeros after a decimal point if there was one.
    /// </summary>
    private static bool ClampPaxMtime(Span<byte> records, long epoch)
    {
        var changed = false;
        var position = 0;
        while (position < records.Length)
        {
            var space = records[position..].IndexOf((byte)' ');
            if (space <= 0 || !int.TryParse(records.Slice(position, space), NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length <= space)
            {
                return changed;
            }

            var record = records.Slice(position + space + 1, length - space - 2);
            var equals = record.IndexOf((byte)'=');
            if (equals > 0 && IsTimeKey(record[..equals]))
            {
                var value = record[(equals + 1)..];
                if (decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) && seconds > epoch)
                {
                    var digits = epoch.ToString(CultureInfo.InvariantCulture);
                    var point = value.IndexOf((byte)'.');
                    var integral = point < 0 ? value.Length : point;
                    if (digits.Length <= integral)
                    {
                        value.Fill((byte)'0');
                        Encoding.ASCII.GetBytes(digits, value[(integral - digits.Length)..integral]);
                        if (point >= 0)
                        {
                            value[point] = (byte)'.';
                        }

                        changed = true;
                    }
                }
            }

            position += length;
        }

        return changed;
    }

    private static bool IsTimeKey(ReadOnlySpan<byte> key) =>
        key.SequenceEqual("mtime"u8) || key.SequenceEqual("atime"u8) || key.SequenceEqual("ctime"u8);

    /// <summary>A tar number: NUL/space-terminated octal, or base-256 when the high bit of the first byte is set.</summary>
    internal static long ParseNumber(ReadOnlySpan<byte> field)
    {
        if ((field[0] & 0x80) != 0)
        {
            Span<byte> big = stackalloc byte[8];
            field[^8..].CopyTo(big);
            return BinaryPrimitives.ReadInt64BigEndian(big);
        }

        long value = 0;
        foreach (var b in field)
        {
            if (b is (byte)' ' or 0)
            {
                if (value != 0)
                {
                    break;
                }

                continue;
            }

            value = (value * 8) + (b - '0');
        }

        return value;
    }

    private static bool ReadBlock(Stream input, byte[] block)
    {
        var read = input.ReadAtLeast(block, block.Length, throwOnEndOfStream: false);
        if (read == 0)
        {
            return false;
        }

        if (read < block.Length)
        {
            throw new InvalidDataException($"The layer ends inside a tar header ({read} of {Block} bytes).");
        }

        return true;
    }

    private static void CopyExactly(Stream input, Stream output, long count)
    {
        var buffer = new byte[81920];
        while (count > 0)
        {
            var read = input.Read(buffer, 0, (int)Math.Min(buffer.Length, count));
            if (read == 0)
            {
                throw new InvalidDataException("The layer ends inside an entry's data.");
            }

            output.Write(buffer, 0, read);
            count -= read;
        }
    }

    /// <summary>Hashes what is written through it, so the diff id needs no second pass over the file.</summary>
    private sealed class HashingStream(Stream inner, IncrementalHash hash) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            hash.AppendData(buffer);
            inner.Write(buffer);
        }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
