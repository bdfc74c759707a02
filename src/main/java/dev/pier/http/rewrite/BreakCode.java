package dev.pier.http.rewrite;

/** {@code break}: the script stops, and a URI changed so far is served in the current location (no new search). */
final class BreakCode implements ScriptCode {
    @Override public int run(ScriptRun run, int ip) {
        if (run.uriChanged) {
            run.exchange().validLocation(false);
            run.uriChanged = false;
        }
        return EXIT;
    }
}
