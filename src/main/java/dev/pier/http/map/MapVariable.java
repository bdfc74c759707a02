package dev.pier.http.map;

import dev.pier.http.HttpExchange;
import dev.pier.variables.Template;
import dev.pier.variables.Variable;

/** The variable a {@code map} defines: its source rendered, looked up, the chosen value rendered (ngx_http_map_variable). */
final class MapVariable implements Variable {
    private final Template source;
    private final MapTable table;

    MapVariable(Template source, MapTable table) {
        this.source = source;
        this.table = table;
    }

    @Override public String value(HttpExchange ex) {
        return table.find(source.render(ex), ex).render(ex);
    }
}
