package dev.pier.http;

import java.util.ArrayList;
import java.util.List;

/**
 * What a request does in a location, decided at load: the rewrite steps, the pre-content steps, the content
 * handler, the header filters. Built by the modules' {@code install}; immutable afterwards.
 */
public final class LocationPlan {
    private final RewriteStep[] rewrite;
    private final PrecontentStep[] precontent;
    private final ContentHandler content;
    private final HeaderFilter[] headerFilters;
    private final ErrorPageHook errorPages;

    private LocationPlan(Builder b) {
        this.rewrite = b.rewrite.toArray(new RewriteStep[0]);
        this.precontent = b.precontent.toArray(new PrecontentStep[0]);
        this.content = b.content;
        this.headerFilters = b.headerFilters.toArray(new HeaderFilter[0]);
        this.errorPages = b.errorPages;
    }

    public RewriteStep[] rewrite() { return rewrite; }

    public PrecontentStep[] precontent() { return precontent; }

    public ContentHandler content() { return content; }

    public HeaderFilter[] headerFilters() { return headerFilters; }

    /** The level's {@code error_page} list, or null when none is in force. */
    public ErrorPageHook errorPages() { return errorPages; }

    public static Builder builder() { return new Builder(); }

    public static final class Builder {
        private final List<RewriteStep> rewrite = new ArrayList<>();
        private final List<PrecontentStep> precontent = new ArrayList<>();
        private final List<HeaderFilter> headerFilters = new ArrayList<>();
        private ContentHandler content;
        private ErrorPageHook errorPages;

        public Builder rewrite(RewriteStep step) {
            rewrite.add(step);
            return this;
        }

        public Builder precontent(PrecontentStep step) {
            precontent.add(step);
            return this;
        }

        public Builder headerFilter(HeaderFilter filter) {
            headerFilters.add(filter);
            return this;
        }

        /** The first module to claim the content phase wins, as nginx's clcf->handler. */
        public Builder contentIfUnset(ContentHandler handler) {
            if (content == null) {
                content = handler;
            }
            return this;
        }

        public Builder errorPages(ErrorPageHook hook) {
            errorPages = hook;
            return this;
        }

        public boolean hasContent() { return content != null; }

        public LocationPlan build() { return new LocationPlan(this); }
    }
}
