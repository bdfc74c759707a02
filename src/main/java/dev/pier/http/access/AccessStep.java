package dev.pier.http.access;

import dev.pier.http.HttpExchange;
import dev.pier.http.PrecontentStep;
import dev.pier.http.RequestLog;

/**
 * nginx's access phase: {@code allow}/{@code deny} (the client address as realip left it), then
 * {@code auth_basic}, combined as {@code satisfy} says: with {@code all} every check must pass and the first
 * refusal answers; with {@code any} one pass lets the request in, else the refusal remembered (a 401 over a
 * 403) answers. A refusal goes through error_page. Subrequests are not checked, as nginx skips the access
 * phase for them. A check that waits (auth_basic off the event loop) suspends the request and resumes it.
 */
final class AccessStep implements PrecontentStep {
    private final AccessRules rules;
    private final AuthBasic auth;
    private final boolean satisfyAny;

    AccessStep(AccessRules rules, AuthBasic auth, boolean satisfyAny) {
        this.rules = rules;
        this.auth = auth;
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

    /** One request's way through the checks: 0 the rules, 1 auth_basic. */
    private final class Run {
        final HttpExchange ex;
        int accessCode;
        boolean suspended;
        boolean passedInline;

        Run(HttpExchange ex) {
            this.ex = ex;
        }

        void next(int check) {
            for (int i = check; i < 2; i++) {
                int result;
                if (i == 0) {
                    result = rules == null ? AuthBasic.DECLINED : rules(ex);
                } else if (auth == null) {
                    result = AuthBasic.DECLINED;
                } else {
                    int[] now = {Integer.MIN_VALUE};
                    int at = i;
                    auth.check(ex, r -> {
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
                    result = now[0];
                }
                int verdict = count(result);
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

        private static final int PASS = -10;
        private static final int GO_ON = -11;

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

    private int rules(HttpExchange ex) {
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
