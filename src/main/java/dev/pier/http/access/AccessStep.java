package dev.pier.http.access;

import dev.pier.http.HttpExchange;
import dev.pier.http.PrecontentStep;
import dev.pier.http.RequestLog;

/**
 * nginx's access phase for {@code allow}/{@code deny}: the client address (as realip left it) against the
 * rules in force; a deny is a 403 (through error_page), logged as nginx logs it when {@code satisfy all}.
 * Subrequests are not checked, as nginx skips the access phase for them.
 */
final class AccessStep implements PrecontentStep {
    private final AccessRules rules;
    private final boolean satisfyAny;

    AccessStep(AccessRules rules, boolean satisfyAny) {
        this.rules = rules;
        this.satisfyAny = satisfyAny;
    }

    @Override public boolean run(HttpExchange ex) {
        if (ex.isSubrequest() || rules.check(ex.remoteAddress()) != AccessRules.Verdict.DENY) {
            return false;
        }
        if (!satisfyAny) {
            RequestLog.error(ex, "access forbidden by rule");
        }
        ex.sendError(403);
        return true;
    }
}
