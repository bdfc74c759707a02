package dev.pier.http.map;

import java.util.Collection;

/**
 * nginx's checks when it builds a map's hash tables (ngx_hash_init), kept so a configuration nginx refuses is
 * refused here too: a key too long for {@code map_hash_bucket_size} is an error, and a table that fits in no
 * size up to {@code map_hash_max_size} gets nginx's "could not build optimal" warning. Pier's own tables are
 * Java hash maps; these numbers change nothing else.
 */
final class MapHashSizing {
    private static final int POINTER = 8;          // sizeof(void *) on the 64-bit machines nginx runs on
    static final long CACHE_LINE = 64;             // ngx_cacheline_size: the default bucket, and its alignment

    private final long bucketSize;
    private final long maxSize;

    MapHashSizing(long bucketSize, long maxSize) {
        this.bucketSize = bucketSize;
        this.maxSize = maxSize;
    }

    /** A configured bucket size as nginx uses it: rounded up to the cache line. */
    static long alignBucket(long configured) { return (configured + CACHE_LINE - 1) / CACHE_LINE * CACHE_LINE; }

    /** NGX_HASH_ELT_SIZE: a value pointer, the key's length and bytes, aligned to a pointer. */
    private static long eltSize(String key) { return POINTER + ((key.length() + 2 + POINTER - 1) / POINTER * POINTER); }

    /** nginx's error for a key that fits no bucket, or null. */
    String tooLong(Collection<String> keys) {
        for (String k : keys) {
            if (bucketSize < eltSize(k) + POINTER) {
                return "could not build map_hash, you should increase map_hash_bucket_size: " + bucketSize;
            }
        }
        return null;
    }

    /** nginx's warning when no table size up to the maximum keeps every bucket within its size, or null. */
    String notOptimal(Collection<String> keys) {
        int n = keys.size();
        if (n == 0) {
            return null;
        }
        long[] hashes = new long[n];
        long[] sizes = new long[n];
        int i = 0;
        for (String k : keys) {
            hashes[i] = hashKey(k);
            sizes[i++] = eltSize(k);
        }
        long bucket = bucketSize - POINTER;
        long start = n / (bucket / (2 * POINTER));
        start = start != 0 ? start : 1;
        if (maxSize > 10000 && maxSize / n < 100) {
            start = maxSize - 1000;
        }
        for (long size = start; size <= maxSize; size++) {
            if (fits(hashes, sizes, (int) size, bucket)) {
                return null;
            }
        }
        return "could not build optimal map_hash, you should increase either map_hash_max_size: " + maxSize
                + " or map_hash_bucket_size: " + bucketSize + "; ignoring map_hash_bucket_size";
    }

    private static boolean fits(long[] hashes, long[] sizes, int size, long bucket) {
        int[] used = new int[size];
        for (int i = 0; i < hashes.length; i++) {
            int b = (int) Long.remainderUnsigned(hashes[i], size);
            long len = used[b] + sizes[i];
            if (len > bucket) {
                return false;
            }
            used[b] = (int) len;
        }
        return true;
    }

    /** ngx_hash_key over an already lowercased key: key * 31 + byte, in 64-bit unsigned arithmetic. */
    static long hashKey(String key) {
        long h = 0;
        for (int i = 0; i < key.length(); i++) {
            h = h * 31 + (key.charAt(i) & 0xff);
        }
        return h;
    }
}
