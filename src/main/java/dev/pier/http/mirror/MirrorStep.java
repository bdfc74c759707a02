package dev.pier.http.mirror;

import dev.pier.http.Subrequest;
import dev.pier.http.HttpExchange;
import dev.pier.http.PrecontentStep;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import java.util.ArrayList;
import java.util.List;

/**
 * nginx's mirror handler: with {@code mirror_request_body on} the whole body is read first and kept for the
 * request and its copies; then a background subrequest is made per mirror URI, with the request's method,
 * headers, arguments and body, and the request goes on to its content handler. The copies start after it,
 * as nginx runs posted subrequests, and what they answer is dropped: they never delay or change the
 * client's response. A subrequest mirrors nothing.
 */
final class MirrorStep implements PrecontentStep {
    private final List<String> uris;
    private final boolean withBody;

    MirrorStep(List<String> uris, boolean withBody) {
        this.uris = uris;
        this.withBody = withBody;
    }

    @Override public boolean run(HttpExchange ex) {
        if (ex.isSubrequest()) {
            return false;
        }
        if (!withBody || !hasBody(ex.request())) {
            mirror(ex);
            return false;
        }
        ex.readBody(new BodyKeeper(ex, () -> {
            mirror(ex);
            ex.resumeAfter(this);
        }));
        return true;
    }

    /** Makes the copies now (each keeps the body) and runs them once the request's own handler has started. */
    private void mirror(HttpExchange ex) {
        List<Subrequest> copies = new ArrayList<>(uris.size());
        for (String uri : uris) {
            copies.add(Subrequest.background(ex, uri));
        }
        ex.channelContext().executor().execute(() -> copies.forEach(Subrequest::run));
    }

    private static boolean hasBody(HttpRequest request) {
        return HttpUtil.isTransferEncodingChunked(request) || HttpUtil.getContentLength(request, 0L) > 0;
    }
}
