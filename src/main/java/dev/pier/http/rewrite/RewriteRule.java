package dev.pier.http.rewrite;

import dev.pier.http.Captures;
import dev.pier.http.HttpExchange;
import dev.pier.http.Redirects;
import dev.pier.http.RequestLog;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code rewrite regex replacement [flag]}: when the regex matches $uri, the replacement (with the match's
 * captures) becomes the new URI and arguments, or the target of a redirect. As nginx's
 * ngx_http_script_regex_start_code and ngx_http_script_regex_end_code.
 */
final class RewriteRule implements ScriptCode {
    /** The flag after the replacement; NONE goes on with the next directive. */
    enum Flag { NONE, LAST, BREAK, REDIRECT, PERMANENT }

    private final Pattern regex;
    private final String regexSource;
    private final ScriptValue replacement;
    private final Flag flag;
    private final int redirectStatus;
    private final boolean addArgs;

    /**
     * {@code replacement} as written: a final '?' drops the request's arguments; one starting with http://,
     * https:// or $scheme redirects (302) unless a flag says 301.
     */
    RewriteRule(Pattern regex, String regexSource, String replacement, Flag flag) {
        this.regex = regex;
        this.regexSource = regexSource;
        boolean dropArgs = replacement.endsWith("?");
        String text = dropArgs ? replacement.substring(0, replacement.length() - 1) : replacement;
        boolean absolute = text.startsWith("http://") || text.startsWith("https://") || text.startsWith("$scheme");
        this.flag = flag;
        this.redirectStatus = flag == Flag.PERMANENT ? 301 : flag == Flag.REDIRECT || absolute ? 302 : 0;
        this.addArgs = !dropArgs;
        this.replacement = ScriptValue.compile(text, redirectStatus == 0);
    }

    @Override public int run(ScriptRun run, int ip) {
        HttpExchange ex = run.exchange();
        String uri = ex.uri();
        Matcher m = regex.matcher(uri);
        if (!m.find()) {
            run.log("\"" + regexSource + "\" does not match \"" + uri + "\"");
            ex.captures(Captures.over(ex.captures(), ScriptRegex.NO_CAPTURES));
            return ip + 1;
        }
        ex.captures(Captures.over(ex.captures(), m.toMatchResult()));
        run.log("\"" + regexSource + "\" matches \"" + uri + "\"");
        if (redirectStatus != 0) {
            redirect(run, ex);
            return EXIT;
        }
        ex.markInternal();
        run.uriChanged = flag != Flag.BREAK;
        if (flag == Flag.BREAK) {
            ex.validLocation(false);
        }
        StringBuilder out = new StringBuilder(64);
        int argsAt = replacement.render(run, false, out);
        run.quote = false;
        String original = ex.args();
        boolean hasArgs = original != null && !original.isEmpty();
        String newUri;
        String newArgs;
        if (argsAt >= 0) {
            newUri = out.substring(0, argsAt);
            newArgs = out.substring(argsAt) + (addArgs && hasArgs ? "&" + original : "");
        } else {
            newUri = out.toString();
            newArgs = addArgs ? original : "";
        }
        run.log("rewritten data: \"" + newUri + "\", args: \"" + (newArgs == null ? "" : newArgs) + "\"");
        if (newUri.isEmpty()) {
            RequestLog.error(ex, "the rewritten URI has a zero length");
            ex.sendError(500);
            run.finish();
            return EXIT;
        }
        ex.uri(newUri, newArgs);
        return flag == Flag.NONE ? ip + 1 : EXIT;
    }

    private void redirect(ScriptRun run, HttpExchange ex) {
        String target = UriEscapes.unescapeRedirect(replacement.render(run, true));
        String args = ex.args();
        if (addArgs && args != null && !args.isEmpty()) {
            target = target + (replacement.hasQuestionMark() ? '&' : '?') + args;
        }
        run.log("rewritten redirect: \"" + target + "\"");
        ex.sendRedirect(redirectStatus, Redirects.absolute(ex, target));
        run.finish();
    }
}
