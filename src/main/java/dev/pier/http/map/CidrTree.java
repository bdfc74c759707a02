package dev.pier.http.map;

/**
 * A binary radix tree of networks (nginx's ngx_radix32tree / ngx_radix128tree): one node per prefix bit,
 * a value where a network ends; a lookup walks the address's bits and keeps the last value it passed, so the
 * longest matching prefix wins. Built at load; read-only while requests run.
 */
final class CidrTree {
    private static final class Node {
        Node zero;
        Node one;
        String value;
    }

    private final Node root = new Node();

    /** Sets the value of a network; returns the value it replaces (nginx warns "duplicate network"), or null. */
    String insert(byte[] address, int bits, String value) {
        Node n = root;
        for (int i = 0; i < bits; i++) {
            if (bit(address, i)) {
                if (n.one == null) {
                    n.one = new Node();
                }
                n = n.one;
            } else {
                if (n.zero == null) {
                    n.zero = new Node();
                }
                n = n.zero;
            }
        }
        String old = n.value;
        n.value = value;
        return old;
    }

    /** Gives 0.0.0.0/0 (or ::/0) a value unless the configuration set one. */
    void defaultIfAbsent(String value) {
        if (root.value == null) {
            root.value = value;
        }
    }

    /** Removes a network's value; false when no such network was set (nginx warns "no network to delete"). */
    boolean delete(byte[] address, int bits) {
        Node n = root;
        for (int i = 0; i < bits && n != null; i++) {
            n = bit(address, i) ? n.one : n.zero;
        }
        if (n == null || n.value == null) {
            return false;
        }
        n.value = null;
        return true;
    }

    /** The value of the longest network holding {@code address}, or null. */
    String find(byte[] address) {
        String found = null;
        Node n = root;
        int bits = address.length * 8;
        for (int i = 0; n != null; i++) {
            if (n.value != null) {
                found = n.value;
            }
            if (i == bits) {
                break;
            }
            n = bit(address, i) ? n.one : n.zero;
        }
        return found;
    }

    private static boolean bit(byte[] address, int i) {
        return (address[i >> 3] & (0x80 >> (i & 7))) != 0;
    }
}
