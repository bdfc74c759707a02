package dev.pier.content.file;

import io.netty.util.concurrent.FastThreadLocal;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * nginx's open file cache, for stat results only: one per event loop and per {@code open_file_cache}
 * setting (equal settings share one cache, as locations inheriting one directive share nginx's), so no locks. An entry is trusted for {@code open_file_cache_valid} after its stat, then
 * stat'ed again (a changed file is seen after that time); it is served from the cache once it was looked
 * up {@code min_uses} times, and dropped when unused for {@code inactive} or when {@code max} is exceeded
 * (least recently used first). Failed lookups are cached only with {@code open_file_cache_errors on}.
 */
final class OpenFileCache {
    private static final FastThreadLocal<Map<OpenFileCacheSetting, OpenFileCache>> PER_LOOP = new FastThreadLocal<>() {
        @Override protected Map<OpenFileCacheSetting, OpenFileCache> initialValue() { return new HashMap<>(); }
    };

    private static final class Entry {
        FileInfo info;
        long statNanos;
        long usedNanos;
        int uses;
    }

    private final OpenFileCacheSetting setting;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);

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
                it.next();
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

    /** Drops up to a few least recently used entries idle for longer than {@code inactive}, as nginx's expire pass. */
    private void expireInactive(long now) {
        Iterator<Entry> it = entries.values().iterator();
        for (int n = 0; n < 2 && it.hasNext(); n++) {
            Entry e = it.next();
            if (now - e.usedNanos <= setting.inactiveMillis() * 1_000_000) {
                return;
            }
            it.remove();
        }
    }
}
