package dev.pier.http.access;

import dev.pier.http.HttpExchange;
import dev.pier.http.PrecontentStep;
import dev.pier.http.RequestLog;
import java.util.function.IntConsumer;

/**
 * nginx's access phase: {@code allow}/{@code deny} (the client address as realip left it), then
 * {@code auth_basic}, then {@code auth_request}, combined as {@code satisfy} says: with {@code all} every check must pass and the first
 * refusal answers; with {@code any} one pass lets the request in, else the refusal remembered (a 401 over a
 * 403) answers. A refusal goes through error_page. Subrequests are not checked, as nginx skips the access
 * phase for them. A check that waits (auth_basic off the event loop, an auth_request subrequest) suspends the
 * request and resumes it.
 */
final class AccessStep implements PrecontentStep {
    /** One of the phase's handlers: answers {@link AuthBasic#OK}, {@link AuthBasic#DECLINED} or a status, now or later. */
    @FunctionalInterface
    interface Check {
        void run(HttpExchange ex, IntConsumer done);
    }

    private final Check[] checks;
    private final boolean satisfyAny;

    /** The checks in nginx's order: allow/deny, auth_basic, auth_request (absent ones null). */
    AccessStep(AccessRules rules, AuthBasic auth, AuthRequest request, boolean satisfyAny) {
        java.util.List<Check> list = new java.util.ArrayList<>();
        if (rules != null) {
            list.add((ex, done) -> done.accept(rules(rules, ex)));
        }
        if (auth != null) {
            list.add(auth::check);
        }
        if (request != null) {
            list.add(request::check);
        }
        this.checks = list.toArray(new Check[0]);
        this.satisfyAny = satisfyAny;
    }

    @Override public boolean run(HttpExchange ex) {
        if (ex.isSubrequest()) {
            return false;
        }
        Run run = new Run(ex);
        run.next(0);
        return !run.passedInline;
    }

    /** One request's way through the checks. */
    private final class Run {
        private static final int PASS = -10;
        private static final int GO_ON = -11;

        final HttpExchange ex;
        int accessCode;
        boolean suspended;
        boolean passedInline;

        Run(HttpExchange ex) {
            this.ex = ex;
        }

        void next(int first) {
            for (int i = first; i < checks.length; i++) {
                int[] now = {Integer.MIN_VALUE};
                int at = i;
                checks[i].run(ex, r -> {
                    if (now[0] == Integer.MIN_VALUE && !suspended) {
                        now[0] = r;   // answered at once
                    } else {
                        after(at, r);
                    }
                });
                if (now[0] == Integer.MIN_VALUE) {
                    suspended = true;
                    return;
                }
                int verdict = count(now[0]);
                if (verdict == PASS) {
                    passed();
                    return;
                }
                if (verdict != GO_ON) {
                    refuse(verdict);
                    return;
                }
            }
            if (accessCode != 0) {
                refuse(accessCode);
            } else {
                passed();
            }
        }

        private void after(int check, int result) {
            int verdict = count(result);
            if (verdict == PASS) {
                passed();
            } else if (verdict != GO_ON) {
                refuse(verdict);
            } else {
                next(check + 1);
            }
        }

        /** ngx_http_core_access_phase for one handler's result: pass, go on, or the status to answer. */
        private int count(int result) {
            if (result == AuthBasic.DECLINED) {
                return GO_ON;
            }
            if (!satisfyAny) {
                return result == AuthBasic.OK ? GO_ON : result;
            }
            if (result == AuthBasic.OK) {
                accessCode = 0;
                ex.challenge(null);
                return PASS;
            }
            if (result == 403 || result == 401) {
                if (accessCode != 401) {
                    accessCode = result;
                }
                return GO_ON;
            }
            return result;
        }

        private void passed() {
            if (suspended) {
                ex.resumeAfter(AccessStep.this);
            } else {
                passedInline = true;
            }
        }

        private void refuse(int status) {
            if (status != 401) {
                ex.challenge(null);
            }
            ex.sendError(status);
        }
    }

    private int rules(AccessRules rules, HttpExchange ex) {
        switch (rules.check(ex.remoteAddress())) {
            case DENY -> {
                if (!satisfyAny) {
                    RequestLog.error(ex, "access forbidden by rule");
                }
                return 403;
            }
            case ALLOW -> {
                return AuthBasic.OK;
            }
            default -> {
                return AuthBasic.DECLINED;
            }
        }
    }
}
