using System.Security.Cryptography;
using System.Text.Json;
using Serilog;
using Slipway.Engine.IO;

namespace Slipway.Engine.Caching;

/// <summary>
/// The content-addressed store under <c>.nuke/temp/cache</c>: <c>entries/&lt;key&gt;.json</c> per successful run of a
/// target with those inputs, and <c>objects/&lt;sha256&gt;</c> per distinct output file, shared by every entry. Bounded:
/// past <see cref="MaxBytes"/> the least recently used entries go, then the objects nothing refers to. A broken entry
/// is a miss with a warning, never a failure: the cache may only ever save work.
/// </summary>
internal sealed class TargetCache(AbsolutePath root, string runId)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public AbsolutePath Root { get; } = root;

    public AbsolutePath Directory { get; } = root / ".nuke" / "temp" / "cache";

    public long MaxBytes { get; init; } = 2L * 1024 * 1024 * 1024;

    private AbsolutePath Entries => Directory / "entries";

    private AbsolutePath Objects => Directory / "objects";

    /// <summary>The entry for this key, with every object it needs present and intact; null on a miss.</summary>
    public CacheEntry? Find(ExecutableTarget target, string key)
    {
        ArgumentNullException.ThrowIfNull(target);
        return Find(target.Name, key);
    }

    /// <summary>The entry of a target or a cached step (<see cref="StepCache"/>) by its name.</summary>
    public CacheEntry? Find(string name, string key)
    {
        var file = Entries / (key + ".json");
        if (!file.FileExists)
        {
            return null;
        }

        try
        {
            var entry = JsonSerializer.Deserialize<CacheEntry>(File.ReadAllText(file), Json);
            if (entry is null || entry.Key != key || entry.Target != name || entry.Outputs is null || entry.Notes is null)
            {
                throw new InvalidDataException("the entry does not describe this target and key");
            }

            // Every stored copy must be there; its content is checked only when it is about to be copied back.
            var missing = entry.Outputs.FirstOrDefault(o => !IsPresent(o));
            if (missing is not null)
            {
                throw new InvalidDataException($"the stored copy of {missing.Path} is missing or damaged");
            }

            File.SetLastWriteTimeUtc(file, DateTime.UtcNow); // least recently used goes first when trimming
            return entry;
        }
        catch (Exception exception) when (exception is JsonException or IOException or InvalidDataException or UnauthorizedAccessException)
        {
            Log.Warning("Ignoring the cache entry of {Target} ({Entry}): {Reason}; running it", name, file.Name, exception.Message);
            return null;
        }
    }

    /// <summary>
    /// Puts the entry's outputs back and returns how many files it copied, or null (with a warning) when a stored copy
    /// it needs is damaged: then nothing is copied and the target runs. A file whose size and time match what was stored
    /// is left as it is, so a re-run with its outputs in place neither copies nor hashes anything.
    /// </summary>
    public int? Restore(ExecutableTarget target, CacheEntry entry)
    {
        ArgumentNullException.ThrowIfNull(target);
        return Restore(target.Name, entry);
    }

    public int? Restore(string name, CacheEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var stale = entry.Outputs.Where(o => !IsInPlace(o)).ToList();
        if (stale.FirstOrDefault(o => !HasContent(o)) is { } damaged)
        {
            Log.Warning("Ignoring the cache entry of {Target} ({Entry}): the stored copy of {Path} is missing or damaged; running it",
                name, entry.Key + ".json", damaged.Path);
            File.Delete(ObjectPath(damaged.Sha256)); // so this run's store writes it afresh
            return null;
        }

        foreach (var output in stale)
        {
            var path = Root / output.Path;
            path.Parent?.CreateDirectory();
            File.Copy(ObjectPath(output.Sha256), path, overwrite: true);
            File.SetLastWriteTimeUtc(path, new DateTime(output.LastWriteUtcTicks, DateTimeKind.Utc));
        }

        return stale.Count;
    }

    /// <summary>Records a successful run: its output files become objects, its notes are kept for a cached run to show.</summary>
    public void Store(ExecutableTarget target, string key, IReadOnlyList<string> notes)
    {
        ArgumentNullException.ThrowIfNull(target);
        Store(target.Name, key, target.Definition.OutputPatterns, notes);
    }

    public void Store(string name, string key, IEnumerable<string> outputPatterns, IReadOnlyList<string> notes)
    {
        try
        {
            var outputs = new List<CachedFile>();
            foreach (var relative in FileGlob.Match(Root, outputPatterns, includeBuildOutput: true))
            {
                var path = Root / relative;
                var info = new FileInfo(path);
                string sha;
                using (var stream = File.OpenRead(path))
                {
                    sha = Convert.ToHexStringLower(SHA256.HashData(stream));
                }

                var objectPath = ObjectPath(sha);
                if (!File.Exists(objectPath) || new FileInfo(objectPath).Length != info.Length)
                {
                    (Objects / sha[..2]).CreateDirectory();
                    var temporary = objectPath + "." + Guid.NewGuid().ToString("N");
                    File.Copy(path, temporary);
                    File.Move(temporary, objectPath, overwrite: true);
                }

                outputs.Add(new CachedFile(relative, sha, info.Length, info.LastWriteTimeUtc.Ticks));
            }

            Entries.CreateDirectory();
            var entry = new CacheEntry(name, key, runId, DateTimeOffset.UtcNow, outputs, notes);
            var file = Entries / (key + ".json");
            var temporaryEntry = file + "." + Guid.NewGuid().ToString("N");
            File.WriteAllText(temporaryEntry, JsonSerializer.Serialize(entry, Json));
            File.Move(temporaryEntry, file, overwrite: true);
            Trim();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            Log.Warning("Could not cache {Target}: {Reason}", name, exception.Message);
        }
    }

    private string ObjectPath(string sha) => Objects / sha[..2] / sha;

    private bool IsInPlace(CachedFile output)
    {
        var info = new FileInfo(Root / output.Path);
        return info.Exists && info.Length == output.Size && info.LastWriteTimeUtc.Ticks == output.LastWriteUtcTicks;
    }

    private bool IsPresent(CachedFile output)
    {
        var info = new FileInfo(ObjectPath(output.Sha256));
        return info.Exists && info.Length == output.Size;
    }

    private bool HasContent(CachedFile output)
    {
        using var stream = File.OpenRead(ObjectPath(output.Sha256));
        return Convert.ToHexStringLower(SHA256.HashData(stream)) == output.Sha256;
    }

    private void Trim()
    {
        var objects = new DirectoryInfo(Objects);
        if (!objects.Exists || objects.EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) <= MaxBytes)
        {
            return;
        }

        var entries = new DirectoryInfo(Entries).EnumerateFiles("*.json").OrderByDescending(f => f.LastWriteTimeUtc).ToList();
        var kept = new HashSet<string>(StringComparer.Ordinal);
        long keptBytes = 0;
        foreach (var file in entries)
        {
            var entry = TryRead(file);
            var size = entry?.Outputs.Where(o => !kept.Contains(o.Sha256)).Sum(o => o.Size) ?? 0;
            if (entry is null || keptBytes + size > MaxBytes)
            {
                file.Delete();
                continue;
            }

            keptBytes += size;
            kept.UnionWith(entry.Outputs.Select(o => o.Sha256));
        }

        foreach (var file in objects.EnumerateFiles("*", SearchOption.AllDirectories).Where(f => !kept.Contains(f.Name)))
        {
            file.Delete();
        }
    }

    private static CacheEntry? TryRead(FileInfo file)
    {
        try
        {
            return JsonSerializer.Deserialize<CacheEntry>(File.ReadAllText(file.FullName), Json);
        }
        catch (Exception exception) when (exception is JsonException or IOException)
        {
            return null;
        }
    }
}
