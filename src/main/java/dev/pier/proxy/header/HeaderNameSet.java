package dev.pier.proxy.header;

import io.netty.util.AsciiString;
import java.util.Collection;

/**
 * A fixed set of header names, looked up without case and without converting the name asked for: a decoded
 * name stays the decoder's {@link AsciiString}, hashed as it is (Netty's ASCII hash ignores case). Built once
 * at load for a location's rules.
 */
final class HeaderNameSet {
    private final AsciiString[] table;
    private final int mask;

    private HeaderNameSet(AsciiString[] table) {
        this.table = table;
        this.mask = table.length - 1;
    }

    static HeaderNameSet of(Collection<String> names) {
        int size = Integer.highestOneBit(Math.max(4, names.size() * 2) - 1) << 1;
        HeaderNameSet set = new HeaderNameSet(new AsciiString[size]);
        for (String name : names) {
            if (!set.contains(name)) {
                int i = AsciiString.hashCode(name) & set.mask;
                while (set.table[i] != null) {
                    i = (i + 1) & set.mask;
                }
                set.table[i] = new AsciiString(name);
            }
        }
        return set;
    }

    boolean contains(CharSequence name) {
        for (int i = AsciiString.hashCode(name) & mask; table[i] != null; i = (i + 1) & mask) {
            if (table[i].contentEqualsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }
}
