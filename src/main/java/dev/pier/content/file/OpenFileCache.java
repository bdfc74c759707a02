package dev.pier.content.file;

import io.netty.util.concurrent.FastThreadLocal;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * nginx's open file cache, for stat results (and the bytes of small files, see {@link #content}): one per event loop and per {@code open_file_cache}
 * setting (equal settings share one cache, as locations inheriting one directive share nginx's), so no locks. An entry is trusted for {@code open_file_cache_valid} after its stat, then
 * stat'ed again (a changed file is seen after that time); it is served from the cache once it was looked
 * up {@code min_uses} times, and dropped when unused for {@code inactive} or when {@code max} is exceeded
 * (least recently used first). Failed lookups are cached only with {@code open_file_cache_errors on}.
 */
final class OpenFileCache {
    private static final FastThreadLocal<Map<OpenFileCacheSetting, OpenFileCache>> PER_LOOP = new FastThreadLocal<>() {
        @Override protected Map<OpenFileCacheSetting, OpenFileCache> initialValue() { return new HashMap<>(); }
    };

    /** Files up to this size keep their bytes too (Pier's own addition): a hot small file is one write, no open. */
    static final int MAX_CONTENT = 16 * 1024;
    /** The bytes one cache may hold in contents, so that max entries of small files stay a bounded amount. */
    static final long CONTENT_BUDGET = 16L * 1024 * 1024;

    private static final class Entry {
        FileInfo info;
        byte[] content;
        long statNanos;
        long usedNanos;
        int uses;
    }

    private final OpenFileCacheSetting setting;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
    private long contentBytes;

    OpenFileCache(OpenFileCacheSetting setting) {
        this.setting = setting;
    }

    /** The stat of {@code name} (a byte string), through this thread's cache for {@code setting}. */
    static FileInfo stat(OpenFileCacheSetting setting, String name) {
        if (!setting.enabled()) {
            return FileInfo.stat(StaticFileHandler.fsPath(name));
        }
        return PER_LOOP.get().computeIfAbsent(setting, OpenFileCache::new).lookup(name, System.nanoTime());
    }

    FileInfo lookup(String name, long now) {
        expireInactive(now);
        Entry e = entries.get(name);
        if (e != null && e.uses >= setting.minUses() && now - e.statNanos < setting.validMillis() * 1_000_000) {
            e.uses++;
            e.usedNanos = now;
            return e.info;
        }
        FileInfo info = FileInfo.stat(StaticFileHandler.fsPath(name));
        if (e != null) {
            // the bytes live no longer than the stat they were read under: a file edited in place is
            // served new after open_file_cache_valid, as a renamed one is
            dropContent(e);
        }
        if (!info.exists() && !setting.errors()) {
            if (e != null) {
                entries.remove(name);
            }
            return info;
        }
        if (e == null) {
            e = new Entry();
            entries.put(name, e);
            if (entries.size() > setting.max()) {
                Iterator<Entry> it = entries.values().iterator();
                dropContent(it.next());
                it.remove();
            }
        }
        e.info = info;
        e.statNanos = now;
        e.usedNanos = now;
        e.uses++;
        return info;
    }

    int size() { return entries.size(); }

    /**
     * The bytes of a small regular file whose stat {@code info} came from this thread's cache, read once per
     * stat; null when the file is too large, not cached, over the budget, or changed while being read.
     */
    static byte[] content(OpenFileCacheSetting setting, String name, FileInfo info) {
        if (!setting.enabled() || info.kind() != FileInfo.Kind.FILE || info.size() > MAX_CONTENT) {
            return null;
        }
        OpenFileCache cache = PER_LOOP.get().get(setting);
        return cache == null ? null : cache.contentOf(name, info);
    }

    private byte[] contentOf(String name, FileInfo info) {
        Entry e = entries.get(name);
        if (e == null || e.info != info) {
            return null;
        }
        if (e.content == null) {
            if (contentBytes + info.size() > CONTENT_BUDGET) {
                return null;
            }
            byte[] bytes;
            try {
                bytes = java.nio.file.Files.readAllBytes(StaticFileHandler.fsPath(name));
            } catch (java.io.IOException | RuntimeException ex) {
                return null;
            }
            if (bytes.length != info.size()) {
                return null;   // changed between the stat and the read: serve it from the file this time
            }
            e.content = bytes;
            contentBytes += bytes.length;
        }
        return e.content;
    }

    private void dropContent(Entry e) {
        if (e.content != null) {
            contentBytes -= e.content.length;
            e.content = null;
        }
    }

    /** Drops up to a few least recently used entries idle for longer than {@code inactive}, as nginx's expire pass. */
    private void expireInactive(long now) {
        Iterator<Entry> it = entries.values().iterator();
        for (int n = 0; n < 2 && it.hasNext(); n++) {
            Entry e = it.next();
            if (now - e.usedNanos <= setting.inactiveMillis() * 1_000_000) {
                return;
            }
            dropContent(e);
            it.remove();
        }
    }
}
