package dev.pier.http.map;

/** nginx's ngx_murmur_hash2: MurmurHash2, 32 bits, seed 0, over the bytes of a value. */
final class MurmurHash2 {
    private static final int M = 0x5bd1e995;

    private MurmurHash2() { }

    static int hash(byte[] data) {
        int len = data.length;
        int h = len;
        int i = 0;
        while (len >= 4) {
            int k = data[i] & 0xff | (data[i + 1] & 0xff) << 8 | (data[i + 2] & 0xff) << 16 | (data[i + 3] & 0xff) << 24;
            k *= M;
            k ^= k >>> 24;
            k *= M;
            h *= M;
            h ^= k;
            i += 4;
            len -= 4;
        }
        switch (len) {
            case 3:
                h ^= (data[i + 2] & 0xff) << 16;
                // fall through
            case 2:
                h ^= (data[i + 1] & 0xff) << 8;
                // fall through
            case 1:
                h ^= data[i] & 0xff;
                h *= M;
                break;
            default:
                break;
        }
        h ^= h >>> 13;
        h *= M;
        h ^= h >>> 15;
        return h;
    }
}
