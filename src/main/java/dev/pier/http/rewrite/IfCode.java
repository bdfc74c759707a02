package dev.pier.http.rewrite;

import dev.pier.http.HttpConfigBuilder.IfBlock;

/**
 * {@code if (condition) { ... }}: the block's rewrite directives follow this code in the same script; a false
 * condition jumps over them. A true one in a location also switches the request to the block's own
 * configuration (nginx's r->loc_conf = if_code->loc_conf), whose handlers then serve it.
 */
final class IfCode implements ScriptCode {
    private final Condition condition;
    private final IfBlock block;   // null at server level: nginx switches nothing there
    private int end;

    IfCode(Condition condition, IfBlock block) {
        this.condition = condition;
        this.block = block;
    }

    /** Where the script goes on when the condition is false: the first code after the block. */
    void end(int index) { this.end = index; }

    @Override public int run(ScriptRun run, int ip) {
        if (!condition.test(run)) {
            return end;
        }
        if (block != null) {
            run.exchange().location(block.location());
        }
        return ip + 1;
    }
}
