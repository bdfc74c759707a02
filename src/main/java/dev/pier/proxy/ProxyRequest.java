package dev.pier.proxy;

import dev.pier.core.LogLevel;
import dev.pier.http.HttpExchange;
import dev.pier.http.RequestBodyReader;
import dev.pier.http.RequestLog;
import dev.pier.upstream.AttemptResult;
import dev.pier.upstream.PeerSelection;
import dev.pier.upstream.Upstream;
import dev.pier.upstream.UpstreamKeepalive;
import dev.pier.upstream.UpstreamPeer;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * One proxied request, as nginx's ngx_http_upstream runs it: choose a peer, connect (or take an idle
 * connection of this event loop), send the head and stream the body, read the response head, then stream the
 * body to the client reading the upstream only while the client can take more. A failure before anything
 * reached the client tries the next peer when proxy_next_upstream allows, else answers 502 or 504; after the
 * head went out, the client connection is cut. Runs on the client connection's event loop only.
 */
final class ProxyRequest implements RequestBodyReader, RequestBodyRelay.Owner, UpstreamConnection.Listener {
    /** What the request waits for, for timeouts and nginx's "while ..." in error messages. */
    private enum Phase {
        CONNECTING("connecting to upstream"), SSL_HANDSHAKING("SSL handshaking to upstream"), SENDING("sending request to upstream"),
        READING_HEADER("reading response header from upstream"), READING_BODY("reading upstream");

        final String text;

        Phase(String text) { this.text = text; }
    }

    private final HttpExchange ex;
    private final ProxyLocation conf;
    private final UpstreamState state;
    private final long startNanos = System.nanoTime();
    private ProxyPass pass;
    private Upstream group;
    private String uri;
    private HttpMethod method;
    private RequestFraming framing = RequestFraming.NONE;
    private RequestBodyRelay body;
    private PeerSelection selection;
    private int triesLeft;
    private boolean keepAliveWanted;
    /** A chunked body is being collected to learn its length; the first attempt waits for it. */
    private boolean collecting;
    /** The request sent did not say "Connection: close" (nginx's default does; the keep-alive idiom clears it). */
    private boolean persistentRequest;

    private UpstreamPeer peer;
    private UpstreamState.Attempt attempt;
    private long attemptStart;
    private UpstreamConnection conn;
    private boolean reused;
    private boolean retriedFresh;
    private boolean requestSent;
    private Phase phase;
    private HttpResponse upstreamHead;
    private boolean skipInterim;
    private boolean responseStarted;
    /** The client's answer is chunked (so trailers can go with its end). */
    private boolean chunkedToClient;
    private boolean discarding;
    /** The client has the response's end: its last body part was written as a LastHttpContent. */
    private boolean endWritten;
    private boolean finished;
    /** The upstream answered 101 to an Upgrade request: the tunnel starts when the read that brought it ends. */
    private UpstreamUpgrade upgrade;
    private final io.netty.util.concurrent.GenericFutureListener<io.netty.util.concurrent.Future<Object>> clientClosed = f -> clientClosed();

    ProxyRequest(HttpExchange ex, ProxyLocation conf, UpstreamState state) {
        this.ex = ex;
        this.conf = conf;
        this.state = state;
    }

    void start() {
        if (!target()) {
            return;
        }
        state.pass = pass;
        method = conf.method() == null ? ex.method() : HttpMethod.valueOf(conf.method().render(ex));
        uri = UpstreamUri.of(ex, pass.uri(), pass.hasVariables());
        ex.clientGone().addListener(clientClosed);
        ex.onClientWritable(this::clientWritable);
        HttpRequest request = ex.request();
        boolean chunkedIn = HttpUtil.isTransferEncodingChunked(request);
        long length = chunkedIn ? -1 : HttpUtil.getContentLength(request, -1L);
        if (conf.passRequestBody() && (chunkedIn || length > 0)) {
            boolean streamChunked = chunkedIn && conf.http11() && !conf.requestBuffering();
            framing = chunkedIn ? (streamChunked ? new RequestFraming(-1, true) : null) : new RequestFraming(length, false);
            collecting = framing == null;   // a collected body starts the attempt when it is complete
            body = new RequestBodyRelay(ex, this, collecting);
            ex.readBody(this);
            if (finished) {
                return;
            }
        } else if (length >= 0) {
            // nginx announces the client's length even when proxy_pass_request_body is off (and sends no body)
            framing = new RequestFraming(length, false);
        }
        if (group == null) {
            resolve();
        } else {
            groupReady();
        }
    }

    /**
     * A proxy_pass host from variables that names no group: the location's resolver looks it up on this event
     * loop, while the body is read as far as the relay holds it. A failure is nginx's error log line and a 502.
     */
    private void resolve() {
        String host = pass.host().startsWith("[") ? pass.host().substring(1, pass.host().length() - 1) : pass.host();
        conf.resolver().resolve(host, ex.channelContext().channel().eventLoop()).addListener(
                (io.netty.util.concurrent.Future<java.util.List<java.net.InetAddress>> f) -> {
            if (finished) {
                return;
            }
            if (!f.isSuccess()) {
                RequestLog.error(ex, f.cause().getMessage());
                finalizeWith(502);
                return;
            }
            java.util.List<java.net.InetSocketAddress> addresses = new java.util.ArrayList<>();
            for (java.net.InetAddress a : f.getNow()) {
                addresses.add(new java.net.InetSocketAddress(a, pass.port()));
            }
            group = dev.pier.upstream.Upstreams.implicit(pass.hostText(), addresses);
            groupReady();
        });
    }

    /** The group is known: peers are chosen, and the first attempt starts unless a body is still being collected. */
    private void groupReady() {
        keepAliveWanted = conf.http11() && group.keepalive().connections() > 0;
        selection = group.select(ex);
        int tries = selection.tries();
        triesLeft = conf.nextUpstreamTries() > 0 ? Math.min(conf.nextUpstreamTries(), tries) : tries;
        if (!collecting) {
            if (framing != null && framing.chunked() && body != null && body.ended()) {
                // nginx decides when it makes the upstream request: a chunked body already read whole (it came
                // with the head) goes with its length, as proxy_request_buffering on would send it
                framing = new RequestFraming(body.pendingBytes(), false);
            }
            nextAttempt();
        }
    }

    /** The proxy_pass of this request: the location's, or its URL with variables rendered and parsed now. */
    private boolean target() {
        pass = conf.pass();
        group = conf.upstream();
        if (!pass.hasVariables()) {
            return true;
        }
        String url = pass.template().render(ex);
        try {
            pass = ProxyPassParser.parse(url, pass.template());
        } catch (ProxyPassParser.InvalidUrl e) {
            RequestLog.error(ex, e.getMessage() + " in upstream \"" + url + "\"");
            ex.sendError(500);
            return false;
        }
        group = VariableTargets.group(ex, pass);   // null: a name for the resolver
        return true;
    }

    // ---- attempts ----

    private void nextAttempt() {
        peer = selection.next();
        if (peer == null) {
            RequestLog.log(LogLevel.ERROR, ex, "no live upstreams while connecting to upstream", upstreamUrl(group.name()));
            finalizeWith(502);
            return;
        }
        triesLeft--;
        attempt = state.add(peer.name());
        retriedFresh = false;
        connect(true);
    }

    private void connect(boolean mayReuse) {
        attemptStart = System.nanoTime();
        requestSent = false;
        upstreamHead = null;
        UpstreamConnection idle = mayReuse && keepAliveWanted ? UpstreamPool.current().take(group, peer.address()) : null;
        if (idle != null) {
            reused = true;
            attempt.connectNanos = 0;
            attach(idle);
            return;
        }
        reused = false;
        phase = Phase.CONNECTING;
        UpstreamPeer tried = peer;
        UpstreamConnection.open(ex.channelContext().channel(), peer.address(), group, conf, tlsName()).addListener(done -> {
            if (finished || tried != peer) {
                if (done.isSuccess()) {
                    ((UpstreamConnection) done.getNow()).close();
                }
                return;
            }
            if (!done.isSuccess()) {
                connectFailed(done.cause());
                return;
            }
            attempt.connectNanos = System.nanoTime() - attemptStart;
            attach((UpstreamConnection) done.getNow());
        });
    }

    /** The name TLS to this upstream is for (proxy_ssl_name, else the proxy_pass host), without a port; null without TLS. */
    private String tlsName() {
        if (conf.tls() == null || !pass.scheme().equals("https")) {
            return null;
        }
        String name = conf.sslName() == null ? pass.hostText() : conf.sslName().render(ex);
        if (name.startsWith("[")) {
            int close = name.indexOf(']');
            return close > 0 ? name.substring(1, close) : name;
        }
        int colon = name.indexOf(':');
        return colon >= 0 ? name.substring(0, colon) : name;
    }

    private void connectFailed(Throwable cause) {
        if (cause instanceof UpstreamTlsFailure tls) {
            phase = Phase.SSL_HANDSHAKING;
            failed(tls.timedOut ? NextUpstream.TIMEOUT : NextUpstream.ERROR, tls.getMessage(), tls.timedOut ? 504 : 502);
        } else if (cause instanceof ConnectTimeoutException) {
            failed(NextUpstream.TIMEOUT, "upstream timed out (110: Connection timed out)", 504);
        } else {
            failed(NextUpstream.ERROR, "connect() failed (" + UpstreamErrors.errno(cause) + ")", 502);
        }
    }

    /** The connection is ready: the head, then the body as it comes. */
    private void attach(UpstreamConnection c) {
        conn = c;
        c.listener(this);
        c.requests++;
        phase = Phase.SENDING;
        c.decoder.head = method == HttpMethod.HEAD;
        c.decoder.upgrade = ex.request().headers().contains(HttpHeaderNames.UPGRADE);
        HttpRequest head;
        try {
            head = new DefaultHttpRequest(conf.http11() ? HttpVersion.HTTP_1_1 : HttpVersion.HTTP_1_0, method, uri);
            persistentRequest = conf.headers().writeRequestHeaders(ex, framing, head.headers());
        } catch (IllegalArgumentException e) {
            // a URI or header value no HTTP/1.1 message may carry (a space from a decoded capture, a CR in a
            // header): the upstream could only refuse it, as nginx's upstream does, so the client gets its 502
            failed(NextUpstream.ERROR, "invalid upstream request (" + e.getMessage() + ")", 502);
            return;
        }
        c.channel.write(head).addListener(f -> {
            if (!f.isSuccess() && c == conn && !finished) {
                failed(NextUpstream.ERROR, "writev() failed (" + f.cause().getMessage() + ")", 502);
            }
        });
        if (body == null) {
            requestSent(c.channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT));
        } else {
            body.attach(c.channel);
        }
        if (phase == Phase.SENDING && !c.channel.isWritable()) {
            arm(conf.sendTimeout());
        }
        // the response is read as soon as it comes: an upstream may answer before the body is sent
        c.channel.config().setAutoRead(true);
    }

    @Override public void requestSent(ChannelFuture written) {
        UpstreamConnection c = conn;
        written.addListener(f -> {
            if (c != conn || finished || !f.isSuccess()) {
                return;
            }
            requestSent = true;
            if (phase == Phase.SENDING) {
                phase = Phase.READING_HEADER;
                arm(conf.readTimeout());
            }
        });
    }

    // ---- the request body (from the client) ----

    @Override public void content(ByteBuf part) {
        if (body == null) {
            part.release();
            return;
        }
        body.add(part);
    }

    @Override public void trailers(io.netty.handler.codec.http.HttpHeaders trailers) {
        if (body != null) {
            body.trailers(TrailerFields.passable(trailers));
        }
    }

    @Override public void end() {
        if (body != null) {
            body.end();
        }
    }

    @Override public void failed(int status) {
        // the connection answered (413) or closed (408, 400, 499): the upstream is not needed any more
        if (!finished) {
            abort(AttemptResult.OK);
        }
    }

    @Override public void collected(boolean overflow) {
        if (finished) {
            return;
        }
        if (overflow && !conf.http11()) {
            RequestLog.error(ex, "chunked request body larger than " + RequestBodyRelay.COLLECT_LIMIT
                    + " bytes cannot be sent to an HTTP/1.0 upstream");
            ex.disableKeepAlive();
            finalizeWith(413);
            return;
        }
        framing = overflow ? new RequestFraming(-1, true) : new RequestFraming(body.pendingBytes(), false);
        collecting = false;
        if (selection != null) {
            nextAttempt();   // else the resolver has not answered yet: groupReady starts it
        }
    }

    @Override public void upstreamBlocked(boolean blocked) {
        if (phase != Phase.SENDING || finished) {
            return;
        }
        if (blocked && !timerArmed()) {
            arm(conf.sendTimeout());
        } else if (!blocked) {
            cancelTimer();
        }
    }

    // ---- the upstream connection ----

    @Override public void upstreamMessage(UpstreamConnection c, Object msg) {
        if (c != conn || finished) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (upgrade != null) {
            upgrade.add(msg);
            return;
        }
        // what this read brings goes to the client in one write, at the end of the read (or of the response)
        ex.holdFlush();
        if (msg instanceof HttpResponse head) {
            responseHead(head);
            if (c != conn || finished) {
                // an invalid message comes whole (head and content in one): the head already ended the attempt
                ReferenceCountUtil.release(msg);
                return;
            }
        }
        if (msg instanceof HttpContent content) {
            responseContent(content);
        }
    }

    private void responseHead(HttpResponse head) {
        if (head.decoderResult().isFailure()) {
            invalidHeader(head.decoderResult().cause());
            return;
        }
        int status = head.status().code();
        if (status >= 100 && status < 200 && status != 101) {
            skipInterim = true;   // 100 Continue and the like: the real answer follows
            return;
        }
        attempt.status = status;
        attempt.headerNanos = System.nanoTime() - attemptStart;
        attempt.bytesReceived = conn.received;
        attempt.bytesSent = conn.sent;
        upstreamHead = head;
        state.headers = head.headers();
        phase = Phase.READING_BODY;
        int bit = NextUpstream.statusBit(status);
        if (bit != 0 && triesLeft > 0 && mayTryAgain(bit)) {
            endAttempt(status == 403 || status == 404 ? AttemptResult.NEXT : AttemptResult.FAILED, false);
            nextAttempt();
            return;
        }
        if (conf.interceptErrors() && status >= 300 && !ex.responded()) {
            finished = true;
            if (ex.interceptError(status)) {
                endAttempt(AttemptResult.OK, false);
                cleanUp();
                return;
            }
            finished = false;
        }
        if (UpstreamUpgrade.wanted(ex, status)) {
            if (ex.isSubrequest()) {
                // nginx: a subrequest (a mirror's copy) has no client connection to switch
                RequestLog.error(ex, "connection upgrade in subrequest");
                endAttempt(AttemptResult.OK, false);
                finalizeWith(502);
                return;
            }
            cancelTimer();
            upgrade = new UpstreamUpgrade(ex, conf, conn, attempt, attemptStart);
            return;
        }
        sendHead(head);
    }

    /** nginx's ngx_http_upstream_upgrade: the 101 head to the client, then both connections become a tunnel. */
    private void switchProtocols() {
        UpstreamUpgrade u = upgrade;
        upgrade = null;
        finished = true;
        cancelTimer();
        HttpResponse head = ex.newResponse(101);
        head.setStatus(new HttpResponseStatus(101, upstreamHead.status().reasonPhrase()));
        conf.headers().copyResponseHeaders(ex, pass, upstreamHead.headers(), head.headers());
        responseStarted = true;
        ex.writeHead(head);
        UpstreamConnection c = conn;
        conn = null;
        c.listener(null);
        if (body != null) {
            body.detach();
        }
        cleanUp();
        u.join(selection, peer, upstreamUrl(peer.name()));
    }

    /** The client gets the upstream's status line and headers, with framing of its own. */
    private void sendHead(HttpResponse upstream) {
        HttpResponse head = ex.newResponse(upstream.status().code());
        head.setStatus(upstream.status());   // the decoder's own: the upstream's code and reason phrase
        conf.headers().copyResponseHeaders(ex, pass, upstream.headers(), head.headers());
        int status = upstream.status().code();
        boolean noBody = ex.isHead() || status == 204 || status == 304;
        String length = upstream.headers().get(HttpHeaderNames.CONTENT_LENGTH);
        if (length != null && !HttpUtil.isTransferEncodingChunked(upstream)) {
            head.headers().set(dev.pier.http.HeaderNames.CONTENT_LENGTH, length);
        } else if (!noBody) {
            // nginx's chunked filter leaves a 1xx alone: a 101 to a request without Upgrade (no tunnel) sends
            // what follows its head as it is, until the upstream closes
            if (ex.request().protocolVersion().equals(HttpVersion.HTTP_1_1) && status >= 200) {
                head.headers().set(dev.pier.http.HeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
                chunkedToClient = true;
            } else {
                ex.disableKeepAlive();   // an HTTP/1.0 client learns the end from the close
            }
        }
        responseStarted = true;
        ex.writeHead(head);
        arm(conf.readTimeout());
    }

    private void responseContent(HttpContent content) {
        io.netty.handler.codec.http.HttpHeaders trailers;
        if (skipInterim) {
            skipInterim = !(content instanceof LastHttpContent);
            content.release();
            return;
        }
        if (content.decoderResult().isFailure()) {
            content.release();
            prematureEnd("upstream prematurely closed connection");
            return;
        }
        ByteBuf data = content.content();
        attempt.responseLength += data.readableBytes();
        boolean last = content instanceof LastHttpContent;
        if (!responseStarted || discarding || ex.isHead()) {
            content.release();
        } else if (last && chunkedToClient && (trailers = TrailerFields.passable(((LastHttpContent) content).trailingHeaders())) != null) {
            // the upstream's trailer fields go on to a client whose answer is chunked (nginx 1.22 drops them)
            ex.writeBody(new DefaultLastHttpContent(data, trailers));
            endWritten = true;
        } else if (data.isReadable()) {
            // a last part without trailers goes on as the decoder made it, data and end in one write
            if (content instanceof DefaultLastHttpContent end && end.trailingHeaders().isEmpty()) {
                ex.writeBody(end);
                endWritten = true;
            } else {
                ex.writeBody(new DefaultHttpContent(data));
            }
        } else {
            content.release();
        }
        if (last) {
            complete();
        }
    }

    @Override public void upstreamReadComplete(UpstreamConnection c) {
        if (c != conn || finished) {
            return;
        }
        ex.flushHeld();
        if (upgrade != null) {
            switchProtocols();
            return;
        }
        if (phase == Phase.READING_BODY || phase == Phase.READING_HEADER) {
            arm(conf.readTimeout());
        }
        // read on only while the client takes what was read (backpressure towards the upstream)
        if (responseStarted && !discarding && !ex.writable()) {
            c.channel.config().setAutoRead(false);
        }
    }

    private void clientWritable() {
        if (!finished && conn != null && responseStarted) {
            conn.channel.config().setAutoRead(true);
        }
    }

    @Override public void upstreamWritable(UpstreamConnection c) {
        if (c == conn && !finished && body != null) {
            body.pump();
            if (phase == Phase.SENDING && c.channel.isWritable()) {
                cancelTimer();
            }
        }
    }

    @Override public void upstreamClosed(UpstreamConnection c, Throwable cause) {
        if (c != conn || finished) {
            return;
        }
        if (upstreamHead == null) {
            if (reused && !retriedFresh && attempt.status == 0 && (body == null || body.canResend())) {
                // an idle connection the upstream had closed: once more on a fresh one, as nginx does
                retriedFresh = true;
                conn = null;
                if (body != null) {
                    body.detach();
                }
                connect(false);
                return;
            }
            String why = cause == null ? "upstream prematurely closed connection" : UpstreamErrors.recv(cause);
            failed(NextUpstream.ERROR, why, 502);
            return;
        }
        if (upgrade != null) {
            // closed before the read that brought its 101 completed: nothing went to the client yet
            failed(NextUpstream.ERROR, cause == null ? "upstream prematurely closed connection" : UpstreamErrors.recv(cause), 502);
            return;
        }
        prematureEnd(cause == null ? "upstream prematurely closed connection" : UpstreamErrors.recv(cause));
    }

    // ---- endings ----

    private void complete() {
        attempt.responseNanos = System.nanoTime() - attemptStart;
        finished = true;
        cancelTimer();
        UpstreamConnection c = conn;
        boolean reusable = keepAliveWanted && persistentRequest && requestSent && (body == null || body.ended())
                && upstreamHead.status().code() != 101   // nginx: a switch of protocols never keeps the connection
                && upstreamHead.protocolVersion().equals(HttpVersion.HTTP_1_1)
                && !upstreamHead.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE, true);
        endAttempt(AttemptResult.OK, reusable);
        if (responseStarted && !discarding) {
            if (!endWritten) {
                ex.writeBody(LastHttpContent.EMPTY_LAST_CONTENT);
            }
            ex.finish();
        }
        cleanUp();
        if (c != null && reusable) {
            c.channel.config().setAutoRead(true);
            UpstreamPool.current().put(c, group.keepalive());
        }
    }

    /** The upstream closed or broke the body after the head went to the client: nginx cuts the client connection. */
    private void prematureEnd(String message) {
        RequestLog.log(LogLevel.ERROR, ex, message + " while " + phase.text, upstreamUrl(peer.name()));
        attempt.responseNanos = System.nanoTime() - attemptStart;
        finished = true;
        endAttempt(AttemptResult.FAILED, false);
        cleanUp();
        if (!discarding) {
            // what was written goes out first; then the client sees the response end early
            ex.writeBody(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(f -> ex.sendError(502));
        }
    }

    private void invalidHeader(Throwable cause) {
        String message = cause instanceof TooLongFrameException ? "upstream sent too big header"
                : upstreamHead == null && cause instanceof IllegalArgumentException && String.valueOf(cause.getMessage()).contains("version")
                ? "upstream sent no valid HTTP/1.0 header" : "upstream sent invalid header";
        failed(NextUpstream.INVALID_HEADER, message, 502);
    }

    /**
     * An attempt failed before the response reached the client: logged as nginx logs it, counted against the
     * peer, and the next peer tried when proxy_next_upstream allows; else the client gets {@code status}.
     */
    private void failed(int bit, String message, int status) {
        if (finished) {
            return;
        }
        if (responseStarted) {
            prematureEnd(message);
            return;
        }
        Phase when = phase == null ? Phase.CONNECTING : phase;
        RequestLog.log(LogLevel.ERROR, ex, message + " while " + when.text, upstreamUrl(peer.name()));
        attempt.status = status;
        attempt.responseNanos = System.nanoTime() - attemptStart;
        endAttempt(AttemptResult.FAILED, false);
        if (triesLeft > 0 && mayTryAgain(bit)) {
            nextAttempt();
            return;
        }
        finalizeWith(status);
    }

    private boolean mayTryAgain(int bit) {
        long timeout = conf.nextUpstreamTimeout();
        return conf.nextUpstream().covers(bit) && conf.nextUpstream().mayRepeat(ex.method()) && !responseStarted
                && (body == null || body.canResend())
                && (timeout == 0 || System.nanoTime() - startNanos < timeout * 1_000_000);
    }

    /** Reports the attempt to the balancer and lets its connection go (kept by the caller when reusable). */
    private void endAttempt(AttemptResult result, boolean keep) {
        cancelTimer();
        if (upgrade != null) {
            upgrade.release();
            upgrade = null;
        }
        UpstreamConnection c = conn;
        conn = null;
        if (c != null) {
            attempt.bytesReceived = c.received;
            attempt.bytesSent = c.sent;
            c.received = 0;
            c.sent = 0;
            c.listener(null);
            if (!keep) {
                c.close();
            }
        }
        if (body != null) {
            body.detach();
        }
        long header = attempt.headerNanos;
        selection.done(peer, result, header, result == AttemptResult.OK ? attempt.responseNanos : -1);
    }

    private void finalizeWith(int status) {
        finished = true;
        cleanUp();
        ex.sendError(status);
    }

    /** The client went away: the upstream connection closes too, unless proxy_ignore_client_abort. */
    private void clientClosed() {
        if (finished) {
            return;
        }
        if (conf.ignoreClientAbort() && conn != null) {
            discarding = true;
            conn.channel.config().setAutoRead(true);
            return;
        }
        RequestLog.log(LogLevel.INFO, ex, "client prematurely closed connection, so upstream connection is closed too while "
                + (phase == null ? Phase.CONNECTING : phase).text, peer == null ? null : upstreamUrl(peer.name()));
        abort(AttemptResult.OK);
    }

    private void abort(AttemptResult result) {
        finished = true;
        if (peer != null && attempt != null && (conn != null || phase == Phase.CONNECTING)) {
            endAttempt(result, false);
        }
        cleanUp();
    }

    private void cleanUp() {
        cancelTimer();
        ex.flushHeld();
        if (body != null) {
            body.release();
        }
        // the writability listener stays: an error page may have started another proxied request on this
        // exchange, and a stale listener of a finished request does nothing
        ex.clientGone().removeListener(clientClosed);
    }

    // ---- timers ----

    /** proxy_send_timeout / proxy_read_timeout for the current phase, on the connection's own timer. */
    private void arm(long millis) {
        cancelTimer();
        if (millis > 0 && conn != null) {
            conn.arm(phase, millis);
        }
    }

    private boolean timerArmed() { return conn != null && conn.armedFor() != null; }

    private void cancelTimer() {
        if (conn != null) {
            conn.disarm();
        }
    }

    @Override public void upstreamTimedOut(UpstreamConnection c, Object what) {
        if (!finished && c == conn && phase == what) {
            failed(NextUpstream.TIMEOUT, "upstream timed out (110: Connection timed out)", 504);
        }
    }

    // ---- log text ----

    /** nginx's {@code upstream: "http://127.0.0.1:8080/uri"}. */
    private String upstreamUrl(String peerName) {
        return pass.scheme() + "://" + peerName + uri;
    }
}
