package dev.pier.http.codec;

/**
 * The server-level settings nginx applies while it reads a request head.
 *
 * @param clientHeaderBufferSize {@code client_header_buffer_size} (nginx default 1k): the first buffer a
 *        request head is read into
 * @param largeHeaderBufferCount the {@code number} of {@code large_client_header_buffers} (default 4)
 * @param largeHeaderBufferSize the {@code size} of {@code large_client_header_buffers} (default 8k): no
 *        request line or header line may be longer
 * @param ignoreInvalidHeaders {@code ignore_invalid_headers} (default on): header lines whose name has
 *        characters other than letters, digits and '-' are dropped instead of kept
 * @param underscoresInHeaders {@code underscores_in_headers} (default off): whether '_' is allowed in
 *        header names
 * @param mergeSlashes {@code merge_slashes} (default on): used only to decide, as nginx does while it
 *        reads the request line, whether a target with "/.." climbs above the root
 */
public record Http1Limits(int clientHeaderBufferSize, int largeHeaderBufferCount, int largeHeaderBufferSize,
                          boolean ignoreInvalidHeaders, boolean underscoresInHeaders, boolean mergeSlashes) {

    private static final Http1Limits DEFAULTS = new Http1Limits(1024, 4, 8192);

    public Http1Limits {
        if (clientHeaderBufferSize <= 0) {
            throw new IllegalArgumentException(
                    "clientHeaderBufferSize: " + clientHeaderBufferSize + " (expected: > 0)");
        }
        if (largeHeaderBufferCount <= 0) {
            throw new IllegalArgumentException(
                    "largeHeaderBufferCount: " + largeHeaderBufferCount + " (expected: > 0)");
        }
        // nginx: "large_client_header_buffers" size must be larger than 1 byte
        if (largeHeaderBufferSize <= 1) {
            throw new IllegalArgumentException(
                    "largeHeaderBufferSize: " + largeHeaderBufferSize + " (expected: > 1)");
        }
    }

    /** nginx's defaults for the two flags: {@code ignore_invalid_headers on}, {@code underscores_in_headers off}. */
    public Http1Limits(int clientHeaderBufferSize, int largeHeaderBufferCount, int largeHeaderBufferSize) {
        this(clientHeaderBufferSize, largeHeaderBufferCount, largeHeaderBufferSize, true, false, true);
    }

    /** {@code client_header_buffer_size 1k; large_client_header_buffers 4 8k;} and nginx's default flags. */
    public static Http1Limits defaults() {
        return DEFAULTS;
    }
}
