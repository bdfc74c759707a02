package dev.pier.http;

import dev.pier.config.Settings;
import dev.pier.http.codec.UriNormalizer;
import dev.pier.http.location.Location;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.regex.MatchResult;

/**
 * One request and its response while it is processed: the request as received, what the request path
 * decided (server, location, $uri, captures), and the means to answer. Lives on its connection's event
 * loop only.
 */
public final class HttpExchange {
    /** nginx stops after 10 internal redirects with a 500. */
    static final int MAX_INTERNAL_REDIRECTS = 10;

    private final ChannelHandlerContext ctx;
    private final HttpRequest request;
    private final ConnectionInfo connection;
    private final ExchangeOwner owner;
    private final String requestUri;
    private long startNanos = System.nanoTime();
    private String host;
    private String uri;
    private String args;
    private VirtualServer server;
    private Location location;
    private MatchResult captures;
    private int internalRedirects;
    private boolean internal;
    private boolean redirected;
    /** nginx's r->valid_location: false once a rewrite's break kept a changed URI in the location. */
    private boolean validLocation = true;
    private boolean keepAlive;
    private int status;
    private boolean responded;
    /** nginx's r->err_status: the status an error page's response goes out with (0: the page's own). */
    private int errorStatus;
    /** nginx's r->error_page: an error page ran and recursive_error_pages is off. */
    private boolean errorPageUsed;
    /** The method after an error page turned the request into a GET; null while it is the client's. */
    private HttpMethod method;
    /** The Location of a redirect an error page answers: nginx's headers_out.location outlives the internal redirect. */
    private String redirectLocation;
    /** auth_basic's WWW-Authenticate for a 401, kept like the Location above for whatever response serves it. */
    private String challenge;
    /** For the log phase: what was sent and read, measured as it happens (see {@link #bytesSent}). */
    private final long sentAtStart;
    private long requestLength;
    private long bodyRead;
    private boolean bodyCompleted;
    private boolean pipelined;
    private int headerBytes;
    private HttpResponse sentHead;
    private String receivedLine;
    private boolean lineParsed = true;
    private String requestId;
    private boolean ended;
    /** Values of the configuration's own variables ({@code set}, computed {@code map}s), by {@link dev.pier.variables.UserVariable#index()}. */
    private Object[] variableSlots;
    /** What the content handler keeps about the request for its variables (the proxy's attempts for $upstream_*). */
    private Object handlerState;
    /** The client address realip put in place of the connection's, and its text; null: the connection's. */
    private java.net.InetSocketAddress realAddress;
    private String realAddressText;

    /** Told when the client connection can take more again, for a handler that streams with backpressure. */
    private Runnable writableListener;
    /** The request this one is a subrequest of (nginx's r->main), or null for a client's request. */
    private final HttpExchange main;
    /** The whole body, read before the content handler and kept for it and subrequests (nginx's r->preserve_body). */
    private ByteBuf preservedBody;
    /** A slot value meaning "looked up, not found" (renders empty), unlike null, "not computed yet". */
    public static final Object NOT_FOUND = new Object();

    HttpExchange(ChannelHandlerContext ctx, HttpRequest request, ConnectionInfo connection, ExchangeOwner owner,
                 String requestUri, boolean keepAlive) {
        this.ctx = ctx;
        this.request = request;
        this.connection = connection;
        this.owner = owner;
        this.requestUri = requestUri;
        this.keepAlive = keepAlive;
        this.sentAtStart = owner.bytesSent();
        this.requestLength = request instanceof dev.pier.http.codec.DecodedRequest d ? d.headLength() : 0;
        this.main = null;
    }

    /**
     * A subrequest of {@code main} for {@code uri} (nginx's ngx_http_subrequest): the same request line,
     * headers and client, its own URI, variables and response, internal from the start.
     */
    HttpExchange(HttpExchange main, ExchangeOwner owner, String uri, String args) {
        this.ctx = main.ctx;
        this.request = main.request;
        this.connection = main.connection;
        this.owner = owner;
        this.requestUri = main.requestUri;
        this.keepAlive = false;
        this.sentAtStart = owner.bytesSent();
        this.main = main;
        this.method = main.method;
        this.server = main.server;
        this.host = main.host;
        this.realAddress = main.realAddress;
        this.realAddressText = main.realAddressText;
        this.internal = true;
        this.bodyCompleted = main.bodyCompleted;
        uri(uri, args);
    }

    /** True for a subrequest (nginx's r != r->main). */
    public boolean isSubrequest() { return main != null; }

    /**
     * Keeps the whole request body (taken over) for the content handler and subrequests: a later
     * {@link #readBody} gets it at once. Released when the request ends.
     */
    public void preserveBody(ByteBuf body) {
        if (preservedBody != null) {
            preservedBody.release();
        }
        preservedBody = body;
    }

    /** The preserved body (see {@link #preserveBody}) or null; the caller retains what it keeps. */
    ByteBuf preservedBody() { return preservedBody; }

    /** The URI a subrequest was made for, for the error log's {@code subrequest: "..."}; null for a client's request. */
    public String subrequestUri() { return main == null ? null : uri; }

    public HttpRequest request() { return request; }

    public ConnectionInfo connection() { return connection; }

    /**
     * The client's address for this request: the connection's, or the one realip found ($remote_addr,
     * $remote_port, geo, logs). nginx replaces c->sockaddr for the request's lifetime and restores it when the
     * request ends, so the next request on the connection starts from the peer's address again.
     */
    public java.net.InetSocketAddress remoteAddress() { return realAddress != null ? realAddress : connection.remoteAddress(); }

    /** {@code $remote_addr}: the client address as nginx prints it. */
    public String remoteAddressText() {
        return realAddressText != null ? realAddressText : io.netty.util.NetUtil.toAddressString(connection.remoteAddress().getAddress());
    }

    /** Replaces the client address for the rest of the request (realip); {@code text} is nginx's form of it. */
    public void replaceRemoteAddress(java.net.InetSocketAddress address, String text) {
        this.realAddress = address;
        this.realAddressText = text;
    }

    /** Whether realip has replaced the client address of this request. */
    public boolean remoteAddressReplaced() { return realAddress != null; }

    public ChannelHandlerContext channelContext() { return ctx; }

    public boolean isHead() { return method() == HttpMethod.HEAD; }

    /** The method the request runs with: the client's, or GET after a redirect to an error page (HEAD stays HEAD). */
    public HttpMethod method() { return method != null ? method : request.method(); }

    /**
     * {@code $request_method}: none for a request line the decoder refused, until an error page makes the
     * request a GET (nginx's method_name is set then).
     */
    public String methodName() { return method == null && lineRefused() ? null : method().name(); }

    public void method(HttpMethod method) { this.method = method; }

    /** {@code $request_uri}: the path and query as the client sent them. */
    public String requestUri() { return requestUri; }

    /** {@code $request}: the request line without the CRLF. */
    public String requestLine() {
        if (receivedLine != null) {
            return receivedLine;
        }
        return request.method().name() + " " + request.uri() + " " + request.protocolVersion().text();
    }

    /** {@code $host}: from the request line, else the Host header, else the server's primary name. */
    public String host() { return host != null && !host.isEmpty() ? host : server == null ? "" : server.primaryName(); }

    void host(String host) { this.host = host; }

    /** The host the client named, lowercased, or null when it named none. */
    public String requestedHost() { return host; }

    public String uri() { return uri; }

    /**
     * Makes sure {@code $uri} is set: a request refused before its URI was processed (bad Host, missing Host)
     * takes the path and query of its request line, as nginx has them by then. False when the request line
     * itself was not understood, so there is no URI.
     */
    public boolean adoptRequestLineUri() {
        if (uri != null) {
            return true;
        }
        RequestTarget target = lineParsed ? RequestTarget.parse(request.uri()) : null;
        String path = target == null ? null : UriNormalizer.normalize(target.requestUri(), true);
        if (path == null) {
            return false;
        }
        uri(path, target.query());
        return true;
    }

    public String args() { return args; }

    public void uri(String uri, String args) {
        this.uri = uri;
        this.args = args;
    }

    public VirtualServer server() { return server; }

    void server(VirtualServer server) { this.server = server; }

    public Location location() { return location; }

    /**
     * Sets the location configuration in force (nginx's r->loc_conf): location matching sets it, and so does a
     * true {@code if} block in a location, whose settings and handlers then serve the request.
     */
    public void location(Location location) { this.location = location; }

    /** The settings in force: the location's, or the server's before a location is chosen. */
    public Settings settings() { return location != null ? location.settings() : server.settings(); }

    /** The captures of the last regex that matched ($1..$9, named groups). */
    public MatchResult captures() { return captures; }

    public void captures(MatchResult captures) { this.captures = captures; }

    /** {@code $status}: the error page status in force if any, else the response's. */
    public int status() { return errorStatus != 0 ? errorStatus : status; }

    /** The status the response will carry whatever its handler sends (error_page), or 0. */
    public int errorStatus() { return errorStatus; }

    /** Sets nginx's r->err_status: the next response goes out with {@code code} (0: with its own). */
    public void errorStatus(int code) { errorStatus = code; }

    /** The plan in force: the location's, or the server's before a location is chosen (nginx's server loc_conf). */
    public LocationPlan plan() {
        Location l = location;
        if (l != null) {
            return l.plan();
        }
        return server == null ? null : server.serverPlan();
    }

    /** The stored value of configuration variable {@code index}: a String, {@link #NOT_FOUND}, or null if none yet. */
    public Object variableSlot(int index) {
        Object[] slots = variableSlots;
        return slots != null && index < slots.length ? slots[index] : null;
    }

    public void variableSlot(int index, Object value) {
        Object[] slots = variableSlots;
        if (slots == null || index >= slots.length) {
            slots = java.util.Arrays.copyOf(slots == null ? new Object[0] : slots, Math.max(index + 1, 8));
            variableSlots = slots;
        }
        slots[index] = value;
    }

    /** The content handler's state for this request, or null; read by the handler's variables, also in the log phase. */
    public Object handlerState() { return handlerState; }

    public void handlerState(Object state) { handlerState = state; }

    /** Sets {@code $status} before the response head is written (nginx's r->headers_out.status). */
    public void presetStatus(int code) {
        if (!responded) {
            status = code;
        }
    }

    public boolean responded() { return responded; }

    public boolean keepAlive() { return keepAlive; }

    /** True once an internal redirect or a rewrite happened: {@code internal} locations are reachable then. */
    public boolean isInternal() { return internal || redirected; }

    /** A rewrite changed the URI: nginx's r->internal, without spending an internal redirect. */
    public void markInternal() { internal = true; }

    /**
     * False once {@code rewrite ... break} (or {@code break} after a rewrite) kept a changed URI in the current
     * location: an alias cannot map such a URI (nginx's r->valid_location). A new pass from the server
     * rewrite phase makes it valid again.
     */
    public boolean validLocation() { return validLocation; }

    public void validLocation(boolean valid) { validLocation = valid; }

    /** True once an internal redirect happened (rewrites are not counted). */
    boolean redirected() { return redirected; }

    /**
     * Counts a rewrite that sends the request to location matching again; false when that exceeds the budget
     * it shares with internal redirects (nginx's r->uri_changes).
     */
    boolean countUriChange() { return ++internalRedirects <= MAX_INTERNAL_REDIRECTS; }

    public void disableKeepAlive() { keepAlive = false; }

    public long startNanos() { return startNanos; }

    /** When the request's first byte arrived, if earlier than its head was read ({@code $request_time} counts from it). */
    void startedAt(long nanos) { startNanos = nanos; }

    /** Re-runs the request from location matching with a new URI (try_files fallback, error_page, rewrite last). */
    public void internalRedirect(String newUri, String newArgs) {
        if (overRedirectBudget("internally redirecting to", newUri)) {
            return;
        }
        uri(newUri, newArgs);
        RequestProcessor.INSTANCE.rewriteAndFindLocation(this);
    }

    /**
     * Goes on after {@code step}, a pre-content step that had stopped the request to wait for something (a
     * mirror reading the whole body): the location's remaining steps, then its content handler.
     */
    public void resumeAfter(PrecontentStep step) {
        try {
            RequestProcessor.INSTANCE.resumeAfter(this, step);
        } catch (RuntimeException | LinkageError e) {
            dev.pier.core.ErrorLog.log(dev.pier.core.LogLevel.ALERT, connection.id(), "unhandled error while processing \""
                    + requestLine() + "\": " + e);
            if (!responded) {
                disableKeepAlive();
                sendError(500);
            } else {
                owner.abort(this);
            }
        }
    }

    /** Continues in a named location ({@code @name}). */
    public void namedRedirect(Location named) {
        if (overRedirectBudget("redirect to named location", named.pattern())) {
            return;
        }
        RequestProcessor.INSTANCE.runLocation(this, named, null);
    }

    /** Spends one internal redirect; past nginx's 10, logs the cycle ({@code while doing "target"}) and answers 500. */
    private boolean overRedirectBudget(String doing, String target) {
        redirected = true;
        if (++internalRedirects <= MAX_INTERNAL_REDIRECTS) {
            return false;
        }
        RequestLog.error(this, "rewrite or internal redirection cycle while " + doing + " \"" + target + "\"");
        sendError(500);
        return true;
    }

    /** A new response head with nginx's standard first headers (Server, Date) for {@code status}. */
    public HttpResponse newResponse(int status) {
        HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, StatusLines.of(ErrorPages.wireStatus(status)), HeadersFactory.RESPONSE);
        HttpHeaders h = r.headers();
        h.add(HeaderNames.SERVER, Boolean.TRUE.equals(server == null ? Boolean.TRUE : settings().get(HttpCoreModule.SERVER_TOKENS))
                ? dev.pier.Version.FULL : dev.pier.Version.NAME);
        h.add(HeaderNames.DATE, HttpDate.now());
        return r;
    }

    /** Sends a complete response whose body is {@code body} (taken over; released if the head is for HEAD). */
    public void send(HttpResponse head, ByteBuf body) {
        head.headers().set(HeaderNames.CONTENT_LENGTH, body.readableBytes());
        if (status(head) == 204) {
            // ngx_http_header_filter: a 204 carries no type, length or modification time
            head.headers().remove(HeaderNames.CONTENT_TYPE).remove(HeaderNames.CONTENT_LENGTH).remove(HeaderNames.LAST_MODIFIED);
        }
        if (isHead() || status(head) == 304 || status(head) == 204) {
            body.release();
            sendHeadOnly(head);
            return;
        }
        writeHead(head);
        owner.write(new DefaultLastHttpContent(body));
        finish();
    }

    /** Sends a head whose body, if any, is written by the caller through {@link #writeBody} and ended by {@link #finish}. */
    public void writeHead(HttpResponse head) {
        if (responded) {
            throw new IllegalStateException("response already started");
        }
        responded = true;
        if (errorStatus != 0 && errorStatus != head.status().code()) {
            ErrorStatus.apply(head, errorStatus);
        }
        if (redirectLocation != null && !head.headers().contains(HeaderNames.LOCATION)) {
            head.headers().set(HeaderNames.LOCATION, redirectLocation);
        }
        if (challenge != null && !head.headers().contains(HttpHeaderNames.WWW_AUTHENTICATE)) {
            head.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, challenge);
        }
        status = head.status().code();
        LocationPlan plan = plan();
        // nginx's header filters (add_header, expires, charset) leave a subrequest's response alone
        if (plan != null && main == null) {
            for (HeaderFilter f : plan.headerFilters()) {
                f.apply(this, head);
            }
        }
        owner.connectionHeaders(this, head);
        sentHead = head;
        headerBytes = request.protocolVersion() == dev.pier.http.codec.Http1RequestDecoder.HTTP_0_9 ? 0 : encodedSize(head);
        owner.write(head);
    }

    /** Writes a body part (ByteBuf, FileRegion or HttpContent) after {@link #writeHead}. */
    public ChannelFuture writeBody(Object part) {
        return owner.write(part);
    }

    /**
     * Reads the request body into {@code reader} instead of discarding it; client_body_timeout runs between
     * parts and a chunked body past client_max_body_size is answered 413. Sends 100 Continue when owed.
     */
    public void readBody(RequestBodyReader reader) {
        ByteBuf preserved = preservedBody;
        if (preserved != null) {
            reader.content(preserved.retainedDuplicate());
            reader.end();
            return;
        }
        owner.readBody(this, reader);
    }

    /** Whether the client can take more now; when not, {@link #onClientWritable} tells when it can. */
    public boolean writable() { return owner.writable(); }

    /** Completes when the client goes away; never for a subrequest no client waits for. */
    public io.netty.util.concurrent.Future<?> clientGone() { return owner.closeFuture(); }

    /**
     * Writes wait unflushed from now until {@link #flushHeld} or {@link #finish}: a handler relaying another
     * connection gathers what one read of it brought into one socket write, as nginx writes after a read.
     */
    public void holdFlush() { owner.holdFlush(this); }

    /** Flushes what {@link #holdFlush} held back; writes flush at once again. */
    public void flushHeld() { owner.flushHeld(this); }

    /** Sets what runs when the client connection becomes writable again (null: nothing); a streaming handler's backpressure. */
    public void onClientWritable(Runnable listener) { writableListener = listener; }

    void clientWritable() {
        Runnable r = writableListener;
        if (r != null) {
            r.run();
        }
    }

    /** Stops or restarts reading the body (backpressure: e.g. while the upstream cannot take more). */
    public void pauseBody(boolean paused) { owner.pauseBody(this, paused); }

    /** Ends the response: the last content marker, then keep-alive or close. */
    public void finish() {
        owner.finish(this);
    }

    private void sendHeadOnly(HttpResponse head) {
        writeHead(head);
        owner.write(LastHttpContent.EMPTY_LAST_CONTENT);
        finish();
    }

    private static int status(HttpResponse head) { return head.status().code(); }

    /** Sends nginx's built-in page for an error or redirect status. */
    public void sendError(int code) {
        // headers already went out, or nginx's ngx_http_finalize_request terminates the request (408, 444 for
        // "close", 499): all that is left is to cut the connection
        if (responded || code == 408 || code == 444 || code == 499) {
            status = responded ? status : code;
            if (responded) {
                keepAlive = false;
            }   // else nginx leaves r->keepalive as it was, and $sent_http_connection logs it so
            owner.abort(this);
            return;
        }
        if (ErrorPolicy.closesConnection(code)) {
            keepAlive = false;
        }
        errorStatus = code;
        if (runErrorPage(code)) {
            return;
        }
        errorStatus = ErrorPages.wireStatus(code);
        owner.expectTested(this);
        HttpResponse head = newResponse(code);
        if (!ErrorPages.hasPage(code)) {
            head.headers().set(HeaderNames.CONTENT_LENGTH, 0);
            sendHeadOnly(head);
            return;
        }
        head.headers().set(HeaderNames.CONTENT_TYPE, "text/html");
        boolean tokens = server == null || settings().get(HttpCoreModule.SERVER_TOKENS);
        send(head, Unpooled.wrappedBuffer(ErrorPages.page(code, tokens)));
    }

    /** Sets (null: clears) the WWW-Authenticate the response will carry, as auth_basic sets nginx's headers_out.www_authenticate. */
    public void challenge(String value) { challenge = value; }

    /** No 100 Continue for this request any more (nginx's r->expect_tested), as for an error page's answer. */
    public void expectTested() { owner.expectTested(this); }

    /** ngx_http_special_response_handler: the level's error_page for {@code code}, if it has one and may run. */
    private boolean runErrorPage(int code) {
        LocationPlan plan = plan();
        ErrorPageHook pages = plan == null ? null : plan.errorPages();
        // one error page per request unless recursive_error_pages; none once the redirect limit was hit
        if (errorPageUsed || pages == null || internalRedirects > MAX_INTERNAL_REDIRECTS) {
            return false;
        }
        if (!pages.recursive()) {
            errorPageUsed = true;
        }
        if (!pages.covers(code)) {
            return false;
        }
        pages.send(this, code);
        return true;
    }

    /**
     * For a handler that got an error status from elsewhere (a proxy's {@code proxy_intercept_errors}): when
     * an {@code error_page} of the level names {@code code}, answers as nginx does for that error (the page, or
     * the built-in one if a page already ran) and returns true; otherwise sends nothing and returns false.
     */
    public boolean interceptError(int code) {
        LocationPlan plan = plan();
        ErrorPageHook pages = plan == null ? null : plan.errorPages();
        if (responded || pages == null || !pages.covers(code)) {
            return false;
        }
        sendError(code);
        return true;
    }

    /**
     * A redirect as nginx finalizes one (return 301..308, a directory without its slash): an error_page for
     * the code may answer instead, and its response then keeps this Location; otherwise nginx's page.
     */
    public void sendRedirect(int code, String target) {
        if (responded) {
            sendError(code);
            return;
        }
        errorStatus = code;
        redirectLocation = target;
        if (runErrorPage(code)) {
            return;
        }
        sendRedirectPage(code, target);
    }

    /** A redirect with nginx's page and {@code target} sent as given, no error_page involved. */
    public void sendRedirectPage(int code, String target) {
        HttpResponse head = newResponse(code);
        head.headers().set(HeaderNames.CONTENT_TYPE, "text/html");
        head.headers().set(HeaderNames.LOCATION, target);
        boolean tokens = settings().get(HttpCoreModule.SERVER_TOKENS);
        send(head, Unpooled.wrappedBuffer(ErrorPages.page(code, tokens)));
    }

    /** Sends {@code text} with the default type, as {@code return code "text"} does. */
    public void sendText(int code, String text, String contentType) {
        HttpResponse head = newResponse(code);
        if (contentType != null) {
            head.headers().set(HeaderNames.CONTENT_TYPE, contentType);
        }
        send(head, Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.ISO_8859_1)));
    }

    // ---- the log phase's measures ----

    /** The size of {@code head} as HttpResponseEncoder writes it: status line, "name: value" lines, CRLFs. */
    private static int encodedSize(HttpResponse head) {
        int n = head.protocolVersion().text().length() + 1 + head.status().codeAsText().length() + 1
                + head.status().reasonPhrase().length() + 2 + 2;
        for (var it = head.headers().iteratorCharSequence(); it.hasNext(); ) {
            var e = it.next();
            n += e.getKey().length() + 2 + e.getValue().length() + 2;
        }
        return n;
    }

    /** {@code $bytes_sent}: bytes of this response the socket accepted so far (head and body, nginx's c->sent). */
    public long bytesSent() { return owner.bytesSent() - sentAtStart; }

    /** {@code $body_bytes_sent}: {@link #bytesSent} less the head, never below 0, as nginx computes it. */
    public long bodyBytesSent() { return Math.max(0, bytesSent() - headerBytes); }

    /** The response head as it was written, or null before: {@code $sent_http_*}. */
    public HttpResponse sentHead() { return sentHead; }

    /** {@code $request_length}: the request line and headers as received, plus body bytes a handler read. */
    public long requestLength() { return requestLength; }

    void countBodyBytes(long n) {
        requestLength += n;
        bodyRead += n;
    }

    /** Body bytes a handler read (0 for a discarded body). */
    public long bodyBytesRead() { return bodyRead; }

    /** True once the whole body was read or discarded. */
    public boolean bodyCompleted() { return bodyCompleted; }

    void bodyComplete() { bodyCompleted = true; }

    /** {@code $pipe}: the request was already received when the one before it on the connection ended. */
    public boolean isPipelined() { return pipelined; }

    void pipelined() { pipelined = true; }

    /**
     * For a request the decoder refused: its line for the log (as received when it could not be parsed), whether
     * it was parsed, and the bytes of its head read before the error.
     */
    void received(String line, boolean lineParsed, int headLength) {
        this.receivedLine = line;
        this.lineParsed = lineParsed;
        this.requestLength = headLength;
    }

    /** True for a request whose line the decoder refused: nginx has no method or URI for it then. */
    public boolean lineRefused() { return !lineParsed; }

    /** {@code $request_id}: 16 random bytes in hex, made on first use and kept for the request. */
    public String requestId() {
        if (requestId == null) {
            byte[] b = new byte[16];
            java.util.concurrent.ThreadLocalRandom.current().nextBytes(b);
            requestId = java.util.HexFormat.of().formatHex(b);
        }
        return requestId;
    }

    /** True once the request reached its log phase (nginx has then set r->keepalive to 0). */
    public boolean ended() { return ended; }

    /** Marks the log phase; true only the first time, so a request is logged once whatever ends it. */
    boolean end() {
        if (ended) {
            return false;
        }
        ended = true;
        preserveBody(null);
        return true;
    }
}
