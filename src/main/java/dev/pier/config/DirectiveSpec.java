package dev.pier.config;

import dev.pier.config.syntax.ConfigDirective;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What the loader must know of a directive before handing it to its module: where it may stand, how many
 * arguments it takes, whether it opens a block, and what to do with it.
 */
public record DirectiveSpec(String name, Set<Context> contexts, int minArgs, int maxArgs, boolean block, Handler handler) {

    /** Turns one directive into settings of the level it stands in. */
    @FunctionalInterface
    public interface Handler {
        void apply(ConfigDirective directive, LoadContext ctx);
    }

    public static final int MANY = Integer.MAX_VALUE;

    public DirectiveSpec {
        Objects.requireNonNull(name, "name");
        contexts = Set.copyOf(contexts);
        Objects.requireNonNull(handler, "handler");
    }

    public static Builder named(String name) { return new Builder(name); }

    /** Fluent construction: {@code DirectiveSpec.named("root").in(HTTP, SERVER, LOCATION).args(1).handle(...)}. */
    public static final class Builder {
        private final String name;
        private EnumSet<Context> contexts = EnumSet.noneOf(Context.class);
        private int min;
        private int max;
        private boolean block;

        private Builder(String name) {
            this.name = name;
        }

        public Builder in(Context first, Context... rest) {
            contexts = EnumSet.of(first, rest);
            return this;
        }

        public Builder args(int exactly) { return args(exactly, exactly); }

        public Builder args(int min, int max) {
            this.min = min;
            this.max = max;
            return this;
        }

        public Builder block() {
            this.block = true;
            return this;
        }

        public DirectiveSpec handle(Handler handler) {
            return new DirectiveSpec(name, contexts, min, max, block, handler);
        }

        /** A directive accepted for nginx compatibility that changes nothing on the JVM. */
        public DirectiveSpec accepted() {
            return handle((d, ctx) -> { });
        }

        /** A directive accepted with a warning in the error log, as nginx does for {@code user} when not root. */
        public DirectiveSpec warns(String message) {
            return handle((d, ctx) -> ctx.warn(message, d));
        }
    }
}
