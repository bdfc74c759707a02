package dev.pier.http.map;

import java.util.HashMap;
import java.util.Map;

/**
 * The wildcard names of a {@code hostnames} map, as nginx's wildcard hashes ({@code ngx_hash_find_wc_head},
 * {@code ngx_hash_find_wc_tail}): a tree of labels, walked from the last label for {@code *.example.com} and
 * {@code .example.com}, from the first for {@code www.example.*}. The deepest wildcard that applies wins;
 * {@code *.example.com} needs at least one more label, {@code .example.com} also takes {@code example.com}.
 *
 * @param <V> what a name maps to
 */
final class HostnameWildcards<V> {
    /** One label; {@code value} is the wildcard ending at it, if any. */
    private static final class Node<V> {
        final Map<String, Node<V>> children = new HashMap<>();
        V value;
        boolean starOnly;   // "*.example.com": not "example.com" itself
    }

    private final Node<V> head = new Node<>();
    private final Node<V> tail = new Node<>();

    boolean isEmpty() { return head.children.isEmpty() && tail.children.isEmpty(); }

    /**
     * Adds {@code *.name} ({@code star}) or {@code .name}; {@code name} is lowercase. False if the name already
     * has a leading wildcard (nginx: conflicting parameter).
     */
    boolean addHead(String name, boolean star, V value) {
        Node<V> n = head;
        String[] labels = name.split("\\.", -1);
        for (int i = labels.length - 1; i >= 0; i--) {
            n = n.children.computeIfAbsent(labels[i], k -> new Node<>());
        }
        if (n.value != null) {
            return false;
        }
        n.value = value;
        n.starOnly = star;
        return true;
    }

    /** Adds {@code name.*}; {@code name} is lowercase, without the ".*". False if already there. */
    boolean addTail(String name, V value) {
        Node<V> n = tail;
        for (String label : name.split("\\.", -1)) {
            n = n.children.computeIfAbsent(label, k -> new Node<>());
        }
        if (n.value != null) {
            return false;
        }
        n.value = value;
        return true;
    }

    /** The labels of every level of both trees, deepest first: each level is one of nginx's wildcard hashes. */
    java.util.List<java.util.Set<String>> levels() {
        java.util.List<java.util.Set<String>> out = new java.util.ArrayList<>();
        collect(head, out);
        collect(tail, out);
        return out;
    }

    private static <V> void collect(Node<V> n, java.util.List<java.util.Set<String>> out) {
        if (n.children.isEmpty()) {
            return;
        }
        for (Node<V> c : n.children.values()) {
            collect(c, out);
        }
        out.add(n.children.keySet());
    }

    /** The value of the best leading wildcard, then of the best trailing one, for a lowercase name; or null. */
    V find(String name) {
        V v = head.children.isEmpty() ? null : findHead(head, name, name.length());
        if (v == null && !tail.children.isEmpty()) {
            v = findTail(tail, name, 0);
        }
        return v;
    }

    /** ngx_hash_find_wc_head over {@code name[0, len)}: its last label first. */
    private static <V> V findHead(Node<V> level, String name, int len) {
        int n = name.lastIndexOf('.', len - 1) + 1;
        Node<V> child = level.children.get(name.substring(n, len));
        if (child == null) {
            return level.value;
        }
        if (n == 0) {
            return child.starOnly ? null : child.value;   // the name is exactly the wildcard's base
        }
        if (!child.children.isEmpty()) {
            V deeper = findHead(child, name, n - 1);
            if (deeper != null) {
                return deeper;
            }
        }
        return child.value;
    }

    /** ngx_hash_find_wc_tail over {@code name[from, end)}: its first label first; needs a label after it. */
    private static <V> V findTail(Node<V> level, String name, int from) {
        int dot = name.indexOf('.', from);
        if (dot < 0) {
            return null;
        }
        Node<V> child = level.children.get(name.substring(from, dot));
        if (child == null) {
            return level.value;
        }
        if (!child.children.isEmpty()) {
            V deeper = findTail(child, name, dot + 1);
            if (deeper != null) {
                return deeper;
            }
        }
        return child.value;
    }
}
