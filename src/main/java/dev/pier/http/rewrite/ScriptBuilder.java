package dev.pier.http.rewrite;

import java.util.ArrayList;
import java.util.List;

/** The script of one level while it loads: an {@code if} block's directives go into its enclosing level's script. */
final class ScriptBuilder {
    private final List<ScriptCode> codes = new ArrayList<>();

    void add(ScriptCode code) { codes.add(code); }

    int size() { return codes.size(); }

    RewriteScript build(boolean log) { return new RewriteScript(codes.toArray(new ScriptCode[0]), log); }
}
