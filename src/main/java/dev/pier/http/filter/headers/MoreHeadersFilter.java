package dev.pier.http.filter.headers;

import dev.pier.http.HeaderFilter;
import dev.pier.http.HttpExchange;
import io.netty.handler.codec.http.HttpResponse;
import java.util.List;

/** The headers-more commands in force at a level: the outer levels' first, then the level's own, in order. */
final class MoreHeadersFilter implements HeaderFilter {
    private final MoreHeadersCommand[] commands;

    MoreHeadersFilter(List<MoreHeadersCommand> commands) {
        this.commands = commands.toArray(new MoreHeadersCommand[0]);
    }

    @Override public void apply(HttpExchange exchange, HttpResponse response) {
        for (MoreHeadersCommand c : commands) {
            c.apply(exchange, response);
        }
    }
}
