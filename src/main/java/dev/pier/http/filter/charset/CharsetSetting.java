package dev.pier.http.filter.charset;

import dev.pier.http.HttpExchange;
import dev.pier.variables.Template;

/** A {@code charset} or {@code source_charset} value: a name, or {@code $variable} read per response. */
record CharsetSetting(String name, Template variable) {

    static CharsetSetting parse(String value) {
        // ngx_http_set_charset_slot: only a value that starts with '$' is a variable
        return value.startsWith("$") ? new CharsetSetting(null, Template.compile(value)) : new CharsetSetting(value, null);
    }

    boolean isConstant() { return variable == null; }

    String resolve(HttpExchange ex) { return variable == null ? name : variable.render(ex); }
}
